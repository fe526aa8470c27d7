"""What operators and platforms use: the `helpline` command, health, metrics, evaluation."""
