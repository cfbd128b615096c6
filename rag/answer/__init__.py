"""Answering: hybrid retrieval, sentence evidence and extractive answers, LLM answers with grounding, follow-ups, the LangChain adapter."""
