"""``python -m scenarioreview.train``: the documented entry point; the code lives in scenarioreview.training."""

from .training.train import main

if __name__ == "__main__":
    main()
