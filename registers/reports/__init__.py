"""Reports the tool writes into the office's output folder (never into a register)."""
