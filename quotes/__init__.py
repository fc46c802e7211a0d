"""quotes: find who said what in news articles, and where it appeared first."""
