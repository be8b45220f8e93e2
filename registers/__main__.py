from registers.cli.main import run

run()
