"""Evaluation against answer keys, NER and CEC scorers, benchmarks."""
