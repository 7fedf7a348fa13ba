"""Language knowledge: the loader of data files, and one package per language."""
