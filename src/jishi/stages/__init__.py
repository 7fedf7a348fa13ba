"""The pipeline stages: plain functions over the document record (see pipeline.py).

A stage reads the record and jishi.lang, never another stage.
"""
