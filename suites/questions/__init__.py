"""octo/questions rules: questions per booking and per unit item, and their answers."""
