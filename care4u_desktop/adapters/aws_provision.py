"""Create or bring up to date the AWS resources, idempotently, and adopt the seed app's data.

``provision(config)`` is what ``care4u-admin provision`` runs. It

1. creates each table that is missing (on-demand capacity, point-in-time recovery on),
   or adds the indexes an existing table lacks (a table the seed app made keeps its data,
   its capacity mode and its other attributes), and turns on the TTL of the tables with
   one (users: log-in attempt counts; sessions; request counts), so DynamoDB deletes
   those records once they expire (``aws_tables``);
2. adopts data the seed app wrote: an email guard for every user, and a slot guard and
   a patient-time guard for every booked appointment, so the rules hold for old data as
   for new (it also fills in ``doctor_name``/``specialization`` on old appointments;
   ``aws_adopt``);
3. creates the SNS topic if needed and returns its ARN.

Running it again changes nothing. The same tables, indexes and topic are described for
CloudFormation in ``resources/aws/care4u.cfn.yaml``; a test keeps the two in step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import boto3

from ..config import Config
from . import dynamodb_items as items
from .aws_adopt import adopt_existing_data
from .aws_clients import dynamodb_client, sns_client, unavailable_on_aws_errors
from .aws_provision_report import ProvisionError, ProvisionReport
from .aws_tables import TABLE_SPECS, IndexSpec, TableSpec, ensure_table, ensure_tables

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_sns import SNSClient

__all__ = [
    "TABLE_SPECS",
    "IndexSpec",
    "ProvisionError",
    "ProvisionReport",
    "TableSpec",
    "adopt_existing_data",
    "ensure_table",
    "ensure_tables",
    "ensure_topic",
    "provision",
    "provision_resources",
    "unfiltered_subscriptions",
]


def provision(config: Config, *, session: boto3.session.Session | None = None) -> str:
    """Create or update everything for ``config``; returns the topic's ARN."""
    return provision_resources(config, session=session).topic_arn


def provision_resources(
    config: Config,
    *,
    session: boto3.session.Session | None = None,
    dynamodb: DynamoDBClient | None = None,
    sns: SNSClient | None = None,
    unsubscribe_unfiltered: bool = False,
    poll_seconds: float = 5.0,
    timeout_seconds: float = 900.0,
) -> ProvisionReport:
    session = session or (boto3.session.Session() if dynamodb is None or sns is None else None)
    db = dynamodb or dynamodb_client(session)
    topics = sns or sns_client(session)
    tables = items.TableNames.with_prefix(config.table_prefix)
    report = ensure_tables(db, config.table_prefix, poll_seconds, timeout_seconds)
    adopt_existing_data(db, tables, report)
    report.topic_arn = ensure_topic(topics, config.topic_name)
    report.unfiltered_subscriptions = unfiltered_subscriptions(
        topics, report.topic_arn, remove=unsubscribe_unfiltered
    )
    return report


# -- topic -----------------------------------------------------------------------------------
def ensure_topic(sns: SNSClient, name: str) -> str:
    with unavailable_on_aws_errors("create_topic", f"Could not create topic {name}"):
        return sns.create_topic(Name=name)["TopicArn"]


def unfiltered_subscriptions(sns: SNSClient, topic_arn: str, *, remove: bool) -> list[str]:
    """Subscriptions that would see every patient's messages; removed if ``remove``."""
    found: list[str] = []
    with unavailable_on_aws_errors("list_subscriptions", "Could not list subscriptions"):
        pages = sns.get_paginator("list_subscriptions_by_topic").paginate(TopicArn=topic_arn)
        for page in pages:
            for sub in page.get("Subscriptions", []):
                arn = sub.get("SubscriptionArn", "")
                if not arn.startswith("arn:"):
                    continue  # "PendingConfirmation": it has no attributes to read yet
                attrs = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
                if not attrs.get("FilterPolicy"):
                    found.append(arn)
    if remove:
        for arn in found:
            with unavailable_on_aws_errors("unsubscribe", "Could not remove a subscription"):
                sns.unsubscribe(SubscriptionArn=arn)
    return found
