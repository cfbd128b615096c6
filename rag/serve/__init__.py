"""Interfaces: the command line and the web chat, thin adapters over :class:`rag.answer.pipeline.Rag`."""
