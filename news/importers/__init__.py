"""Importing articles from the office's previous site: ``parsing`` (pure) and ``service`` (writes posts)."""
