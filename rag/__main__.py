from rag.serve.cli import main

main()
