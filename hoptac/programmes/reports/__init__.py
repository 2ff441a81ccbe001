"""The programmes' documents: the review report as DOCX and PDF from one content tree.

    review = build_review(agreement, period_start=..., period_end=..., issuer=..., ...)
    docx_bytes = build_docx(review)
    pdf_bytes = build_pdf(review)

The documents are Vietnamese administrative texts (Decree 30/2020/ND-CP, or Guidance
36-HD/VPTW for Party bodies): their wording is Vietnamese whatever the UI language.
"""

from __future__ import annotations

from .content import build_review
from .docx_builder import build_docx
from .pdf_builder import build_pdf
from .tree import Review

__all__ = ["Review", "build_docx", "build_pdf", "build_review"]
