"""botocore with the models of the services Care4U can call, not all ~450 of them."""

from care4u_freeze import aws_hook

hiddenimports = ["html.parser"]
datas = aws_hook("botocore")
