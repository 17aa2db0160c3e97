"""The offline bundle (bundle.py), its single-page edition (single_page.py), the EPUB and ZIM editions (editions/)."""
