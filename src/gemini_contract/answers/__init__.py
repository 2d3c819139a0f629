"""What a model could answer to a request: pure functions of (request, random source), so the mock server,
the Hypothesis strategies and the tests draw the very same answers.

- `answer(request, rng, ...)`: a GenerateContentResponse body for the request (see `answer.py`).
- `chunks(response, rng)`: the same answer split into stream chunks.
- `count_tokens(request)`: the token estimate countTokens and usageMetadata share.
"""

from gemini_contract.answers.answer import Outcome, answer
from gemini_contract.answers.chunking import chunks
from gemini_contract.answers.tokens import count_tokens, tokens

__all__ = ["Outcome", "answer", "chunks", "count_tokens", "tokens"]
