"""Reading news files: byte decoding and input readers."""
