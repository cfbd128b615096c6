"""Web chat over the indexed articles: `python app.py`, then open the URL it logs (127.0.0.1 only)."""

from rag.serve.cli import configure_logging
from rag.serve.webapp import serve
from rag.settings import Settings

if __name__ == "__main__":
    configure_logging(verbose=True)
    serve(Settings.load())
