"""Facts about words as written and said: GSM-7, comparable words, numbers, reading level."""
