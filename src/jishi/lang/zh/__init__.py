"""Everything jishi knows about Chinese: punctuation, lexicons, the actor knowledge base, data/."""
