"""The office layer: every register and platform statement of an office folder read together.

The registers come as frames with provenance (file, sheet, row, column letter).
"""
