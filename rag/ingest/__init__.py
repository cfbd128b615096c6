"""Ingestion: from a file's bytes to clean text blocks, with every removal accounted for.

One reader per format (plain text, Markdown, HTML, PDF) turns its input into
:class:`~rag.ingest.blocks.Extracted`: typed blocks (headings, paragraphs, list items, table
rows, ...) and the list of what was left out, each with the rule that left it out.
"""
