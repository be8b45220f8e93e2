"""Report templates and blank register workbooks (shipped as ``registers.templates``)."""
