"""Training and evaluating the scenario classifier (needs the ``train`` extra: scikit-learn, jieba, torch).

    corpus.py      default data locations (through resources.py), corpus reading, model labels
    vocab.py       the run's jieba user dictionary and WordPiece tokenizer
    embeddings.py  static sentence embeddings trained with in-batch negatives (torch)
    head.py        the classifier head: centroids, TF-IDF logistic regression, alpha, temperature, thresholds
    train.py       one training run (python -m scenarioreview.train)
    accuracy.py    accuracy with Wilson intervals, reliability / ECE
    baselines.py   TF-IDF baselines measured in the same run
    evaluate.py    the evaluation (python -m scenarioreview.evaluate), eval.json
    card.py        the model card

Nothing in the runtime path (classify/, pipeline, review, cli commands other than train/evaluate) imports
this package.
"""
