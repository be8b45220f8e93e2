from registers.cli import run

run()
