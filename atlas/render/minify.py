"""The atlas's own JavaScript and CSS as pages carry them: minified with the pinned rjsmin
and rcssmin. The package keeps the readable sources; only what a page inlines is small."""

import rcssmin
import rjsmin


def minify(name, text):
    """``text`` of the file ``name`` (.js or .css) minified: comments and spare whitespace
    go, /*! … */ (licence) comments stay, the code is unchanged. Same text, same bytes."""
    if name.endswith(".css"):
        return rcssmin.cssmin(text, keep_bang_comments=True) + "\n"
    if name.endswith(".js"):
        return rjsmin.jsmin(text, keep_bang_comments=True) + "\n"
    raise ValueError(f"{name}: only .js and .css files are minified")
