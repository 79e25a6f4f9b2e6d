"""Root pytest configuration: marks for the doctests under src/.

The examples of :mod:`orggraph.export.picture` start headless Chromium (a few
seconds each), so they are browser tests: ``-m browser`` runs them and the
fast suite (``-m "not slow and not browser"``) leaves them out.
"""

import pytest

_BROWSER_DOCTESTS = ("src/orggraph/export/picture.py::",)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if item.nodeid.startswith(_BROWSER_DOCTESTS):
            item.add_marker(pytest.mark.browser)
