"""The demo office (阿尔卡迪亚管理处): its registers, planted problems and platform statements.

Only the command line imports it.
"""
