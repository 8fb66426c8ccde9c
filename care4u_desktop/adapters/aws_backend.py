"""The AWS backend's adapters, built from the config and boto3's default chain."""

from __future__ import annotations

from ..config import Config
from .aws_clients import dynamodb_client, new_session, sns_client, sts_client
from .dynamodb_store import DynamoDBStore
from .sns_notifier import SNSNotifier


def build_aws_adapters(config: Config) -> tuple[DynamoDBStore, SNSNotifier]:
    """No network call happens here: an offline kiosk still starts, and says so on use."""
    session = new_session()
    store = DynamoDBStore(dynamodb_client(session), config.table_prefix)
    notifier = SNSNotifier(sns_client(session), config.topic_name, sts=sts_client(session))
    return store, notifier
