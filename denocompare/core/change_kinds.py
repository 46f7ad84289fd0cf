"""The kinds of difference an import lists (no imports: the command line reads them)."""

NEW_PRODUCT = "new product"
UNMATCHED = "could not match"
#: The kinds of difference, in the order they are listed; each can be accepted at once.
KINDS = (NEW_PRODUCT, "approval date", "licence status", "interchangeable",
         "interchangeability", "interchangeability date", "marketing status",
         "EU authorisation", "withdrawal or suspension", "MAH", "identifier")
