#!/bin/sh
# Stands in for typst so that a benchmark can time (and measure the memory
# of) jaarrapport's own part of a PDF build: it answers `--version` as the
# pinned typst and, on `compile`, copies the work directory it was given to
# $TYPST_STUB_KEEP (when set), so that the real typst can be timed on
# exactly the same input afterwards. It writes no PDF.
case "$1" in
  --version) echo "typst 0.15.1 (benchmark stub)"; exit 0 ;;
esac
if [ -n "$TYPST_STUB_KEEP" ]; then
  rm -rf "$TYPST_STUB_KEEP" && mkdir -p "$TYPST_STUB_KEEP" && cp -R . "$TYPST_STUB_KEEP"
fi
exit 0
