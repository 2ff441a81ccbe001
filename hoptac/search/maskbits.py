"""The bits of a word's mask over the documents (a byte per document), shared by the posting
lists' engine (``postings``) and its compiled loops (``kernels``), which must not import it."""

ANYWHERE, IN_TITLE = 1, 2  # it holds the word; it holds it in its title
