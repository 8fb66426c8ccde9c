"""boto3 with resource models for the services Care4U can call only."""

from care4u_freeze import aws_hook
from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("boto3.dynamodb")
datas = aws_hook("boto3")
