"""Notifications on AWS: one SNS topic, each patient's email subscription filtered to them.

Every message carries the message attributes ``recipient`` (the patient's normalised
email), ``event`` (``booked`` or ``cancelled``) and ``notification_id``, the outbox entry's
id. Delivery is at least once: a message whose publish was accepted but whose answer (or
the outbox's "sent" mark) was lost is published again by the retry, under the same
``notification_id``, so a receiver that must not act twice can de-duplicate on it.

``subscribe`` gives each patient an email subscription whose filter policy is
``{"recipient": [their email]}``, so SNS hands them their own messages and nobody else's.
(SNS first emails the patient a link to confirm the subscription; until they do, nothing
is delivered to them.)

The topic is found by name: its ARN is built from the caller's account, partition and
region (STS ``GetCallerIdentity`` needs no permission), so the kiosk role needs only
``sns:Publish`` and ``sns:Subscribe`` on that one topic.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import TYPE_CHECKING

from ..domain.errors import ServiceUnavailable
from ..domain.models import Notification
from ..domain.rules import normalise_email
from .aws_clients import unavailable_on_aws_errors

if TYPE_CHECKING:
    from mypy_boto3_sns import SNSClient
    from mypy_boto3_sns.type_defs import MessageAttributeValueTypeDef
    from mypy_boto3_sts import STSClient

log = logging.getLogger(__name__)

#: SNS refuses subjects over 100 characters, or with line breaks or non-ASCII text.
MAX_SUBJECT = 100

#: Recorded as the outbox entry's ``last_error`` (followed by the AWS error code).
PUBLISH_FAILED = "SNS did not accept the message; it stays pending"


def filter_policy(recipient: str) -> str:
    """The subscription filter that lets only ``recipient``'s messages through."""
    return json.dumps({"recipient": [normalise_email(recipient)]})


def message_attributes(notification: Notification) -> dict[str, MessageAttributeValueTypeDef]:
    return {
        "recipient": {"DataType": "String", "StringValue": normalise_email(notification.recipient)},
        "event": {"DataType": "String", "StringValue": notification.event.value},
        # Stable across retries: the key a receiver de-duplicates on (delivery is at least once).
        "notification_id": {"DataType": "String", "StringValue": notification.notification_id},
    }


def sns_subject(subject: str) -> str:
    flat = " ".join(subject.split())
    ascii_only = flat.encode("ascii", "replace").decode("ascii")
    return ascii_only[:MAX_SUBJECT] or "Care4U appointment"


class SNSNotifier:
    """Implements ``services.ports.Notifier`` on one SNS topic. Thread-safe."""

    def __init__(
        self,
        sns: SNSClient,
        topic_name: str = "Care4U_Appointments",
        *,
        topic_arn: str | None = None,
        sts: STSClient | None = None,
    ) -> None:
        self._sns = sns
        self._sts = sts
        self.topic_name = topic_name
        self._topic_arn = topic_arn
        self._lock = threading.Lock()

    @property
    def topic_arn(self) -> str:
        """The topic's ARN, worked out once (raises ``ServiceUnavailable`` when offline)."""
        with self._lock:
            if self._topic_arn is None:
                self._topic_arn = self._resolve_arn()
            return self._topic_arn

    def _resolve_arn(self) -> str:
        if self._sts is None:
            raise ServiceUnavailable(
                "backend_failed", detail="No topic ARN and no way to look one up."
            )
        with unavailable_on_aws_errors("get_caller_identity"):
            caller = self._sts.get_caller_identity()
        # arn:<partition>:sts::<account>:...
        partition = caller["Arn"].split(":")[1]
        region = self._sns.meta.region_name
        return f"arn:{partition}:sns:{region}:{caller['Account']}:{self.topic_name}"

    def subscribe(self, recipient: str) -> None:
        email = normalise_email(recipient)
        with unavailable_on_aws_errors("subscribe"):
            self._sns.subscribe(
                TopicArn=self.topic_arn,
                Protocol="email",
                Endpoint=email,
                Attributes={"FilterPolicy": filter_policy(email)},
                ReturnSubscriptionArn=True,
            )

    def publish(self, notification: Notification) -> None:
        topic_arn = self.topic_arn
        with unavailable_on_aws_errors("publish", PUBLISH_FAILED):
            self._sns.publish(
                TopicArn=topic_arn,
                Subject=sns_subject(notification.subject),
                Message=notification.body,
                MessageAttributes=message_attributes(notification),
            )
