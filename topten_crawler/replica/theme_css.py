# ruff: noqa: E501
# (Stylesheets keep one rule per line, however long, as theme files do.)
"""The text of the theme's stylesheets and scripts: what makes a replica page look like a page.

Nothing here moves or depends on time: no transitions, animations, timers, clocks or random
numbers, and nothing sticky or fixed, so a screenshot of a live page and of its replay match.
"""

from __future__ import annotations

# /wp-content/themes/newsblock/style.css: layout, header, typography; imports the components.
STYLE_CSS = """/*
Theme Name: Newsblock
Theme URI: https://codesupply.invalid/themes/newsblock/
Author: Code Supply Co.
Version: 1.2.1
Text Domain: newsblock
(The Foreign Desk replica: a stand-in for the real theme stylesheet.)
*/
@import url("css/components.css");

@font-face { font-family: "FD Display"; font-style: normal; font-weight: 700; font-display: swap; src: url("fonts/fd-display-bold.woff2") format("woff2"), url("fonts/fd-display-bold.woff") format("woff"); }
@font-face { font-family: "FD Text"; font-style: normal; font-weight: 400; font-display: swap; src: url(fonts/fd-text-regular.woff2) format("woff2"), url(fonts/fd-text-regular.ttf) format("truetype"); }

:root { --fd-navy: #0b2545; --fd-red: #c8102e; --fd-paper: #f6f2e9; --fd-ink: #1b1b1f; --fd-muted: #5c6270; --fd-rule: #d9d2c3; --fd-width: 1140px; --fd-text-width: 740px; }
*, *::before, *::after { box-sizing: border-box; }
html { scroll-behavior: auto; }
body { margin: 0; background: var(--fd-paper); color: var(--fd-ink); font-family: "FD Text", Helvetica, Arial, sans-serif; font-size: 18px; line-height: 1.65; }
a { color: var(--fd-red); text-decoration: none; }
img { max-width: 100%; height: auto; display: block; }
h1, h2, h3, h4, h5 { font-family: "FD Display", Helvetica, Arial, sans-serif; font-weight: 700; line-height: 1.2; color: var(--fd-ink); }
ul { padding-left: 1.4em; }
.screen-reader-text { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }

.cs-container { max-width: var(--fd-width); margin: 0 auto; padding: 0 24px; }
.cs-site-overlay, .cs-offcanvas, .cs-search, .cs-header__offcanvas-toggle, .cs-header__search-toggle { display: none; }

.cs-header { background: var(--fd-navy) url("images/header-pattern.png") repeat; color: #fff; border-bottom: 6px solid var(--fd-red); }
.cs-header__topbar { background: var(--fd-red); font-size: 13px; letter-spacing: 0.06em; text-transform: uppercase; }
.cs-header__topbar .cs-container { display: flex; justify-content: space-between; padding-top: 6px; padding-bottom: 6px; }
.cs-header__tagline { font-weight: 700; }
.cs-header__date { display: none; }
.cs-js .cs-header__date { display: block; font-weight: 700; }
.cs-header__inner { display: flex; align-items: center; justify-content: space-between; min-height: 96px; gap: 24px; }
.cs-header__col { display: flex; align-items: center; gap: 16px; }
.cs-header__logo img { width: 180px; height: 40px; }
.cs-header__nav-inner { display: flex; flex-wrap: wrap; gap: 4px 22px; list-style: none; margin: 0; padding: 0; }
.cs-header__nav-inner a { color: #fff; font-size: 14px; font-weight: 700; letter-spacing: 0.08em; text-transform: uppercase; }
.cs-button { display: inline-block; padding: 9px 18px; font-size: 13px; font-weight: 700; letter-spacing: 0.1em; border: 2px solid #fff; color: #fff; }
.cs-header__button-donate { background: var(--fd-red); border-color: var(--fd-red); }

.cs-site-primary { padding: 28px 0 56px; }
.cs-breadcrumbs { font-size: 13px; color: var(--fd-muted); margin-bottom: 24px; }
.cs-breadcrumbs a { color: var(--fd-muted); }

.cs-entry__header-inner { display: grid; grid-template-columns: minmax(0, 1.25fr) minmax(0, 1fr); gap: 36px; align-items: center; background: #fff; border: 1px solid var(--fd-rule); padding: 28px; }
.cs-entry__post-media { margin: 0; }
.cs-entry__post-media img { width: 100%; }
.cs-entry__post-media-mobile { display: none; }
.cs-entry__caption-text { font-size: 13px; color: var(--fd-muted); padding-top: 8px; }
.cs-entry__header-info h1.cs-entry__title { font-size: 44px; margin: 12px 0; letter-spacing: -0.01em; }
.cs-entry__subtitle { font-size: 21px; color: var(--fd-muted); font-style: italic; }
.post-categories { list-style: none; margin: 0; padding: 0; display: flex; gap: 8px; }
.post-categories a { display: inline-block; background: var(--fd-red); color: #fff; font-size: 12px; font-weight: 700; letter-spacing: 0.1em; text-transform: uppercase; padding: 3px 10px; }
.cs-entry__details-data { display: flex; gap: 14px; font-size: 14px; color: var(--fd-muted); margin-top: 14px; }
.cs-meta-author-inner { color: var(--fd-ink); font-weight: 700; }
.cs-by { margin-right: 4px; font-weight: 400; }

.cs-entry__wrap { max-width: var(--fd-text-width); margin: 36px auto 0; }
.cs-entry__metabar-inner { display: flex; align-items: center; gap: 16px; border-top: 3px solid var(--fd-ink); border-bottom: 1px solid var(--fd-rule); padding: 10px 0; margin-bottom: 24px; }
.cs-entry__reading-time { font-size: 13px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.08em; color: var(--fd-navy); }
.entry-content { font-size: 19px; }
.entry-content p { margin: 0 0 1.1em; }
.entry-content h2, .entry-content h3 { margin: 1.6em 0 0.6em; }
.cs-entry__tags ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 8px; }
.cs-entry__tags a { border: 1px solid var(--fd-rule); background: #fff; color: var(--fd-ink); font-size: 13px; padding: 4px 10px; }
"""

# /wp-content/themes/newsblock/css/components.css: cards, related posts, comments, footer.
COMPONENTS_CSS = """/* Newsblock components: cards, related posts, prev/next, comments, footer. */
.cs-posts-area__main { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 28px; }
.cs-posts-area__main article, .cs-entry__post-related article { background: #fff; border: 1px solid var(--fd-rule); }
.cs-entry__thumbnail { position: relative; }
.cs-overlay-background img { width: 100%; aspect-ratio: 380 / 250; object-fit: cover; }
.cs-overlay-link { position: absolute; inset: 0; }
.cs-entry__content { padding: 16px 18px; }
h2.cs-entry__title { font-size: 22px; margin: 10px 0; }
h2.cs-entry__title a { color: var(--fd-ink); }
.cs-entry__excerpt { font-size: 15px; color: var(--fd-muted); }
.cs-page__header { border-bottom: 3px solid var(--fd-ink); margin-bottom: 24px; }
.cs-page__title { font-size: 40px; margin: 4px 0 12px; }
.nav-links { display: flex; gap: 8px; margin-top: 32px; }
.page-numbers { display: inline-block; min-width: 38px; padding: 6px 10px; text-align: center; border: 1px solid var(--fd-rule); background: #fff; color: var(--fd-ink); }
.page-numbers.current { background: var(--fd-navy); color: #fff; }

.cs-entry__prev-next { display: grid; grid-template-columns: 1fr 1fr; gap: 20px; margin: 36px 0; }
.cs-entry__prev-next-item { position: relative; border-top: 3px solid var(--fd-navy); padding-top: 8px; }
.cs-entry__prev-next-link { position: absolute; inset: 0; }
.cs-entry__prev-next-label { font-size: 12px; font-weight: 700; letter-spacing: 0.1em; text-transform: uppercase; color: var(--fd-red); }
.cs-entry__prev-next .cs-entry__content { padding: 0; }
.cs-entry__prev-next h2.cs-entry__title { font-size: 18px; }
.cs-meta-date { font-size: 13px; color: var(--fd-muted); }

.cs-section-title { font-size: 15px; letter-spacing: 0.12em; text-transform: uppercase; border-bottom: 3px solid var(--fd-red); display: inline-block; margin: 0 0 16px; padding-bottom: 4px; }
.comment-list { list-style: none; padding: 0; }
.comment-body { background: #fff; border-left: 4px solid var(--fd-navy); padding: 12px 16px; margin-bottom: 14px; font-size: 16px; }
.comment-metadata { font-size: 13px; }
.comment-reply-link { font-size: 13px; font-weight: 700; text-transform: uppercase; }
.comment-form label { display: block; font-size: 14px; font-weight: 700; }
.comment-form textarea, .comment-form input[type=text], .comment-form input[type=email] { width: 100%; border: 1px solid var(--fd-rule); background: #fff; padding: 8px; font: inherit; }
.comment-form .submit { background: var(--fd-navy); color: #fff; border: 0; padding: 10px 22px; font-weight: 700; }

.cs-entry__post-related { max-width: var(--fd-width); margin: 48px auto 0; }
.cs-entry__post-wrap { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 24px; }
.cs-entry__post-related picture img { width: 100%; }

.cs-footer { background: #10151f url("../images/footer-pattern.png") repeat; color: #c9ced8; padding: 40px 0; font-size: 14px; }
.cs-footer__inner { display: flex; justify-content: space-between; align-items: flex-start; gap: 32px; }
.cs-footer__desc { display: flex; align-items: center; gap: 10px; margin-top: 14px; }
.cs-footer__desc::before { content: ""; width: 28px; height: 28px; background: url('../images/logo-mark.png') center / contain no-repeat; }
.cs-footer__nav { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(2, auto); gap: 6px 28px; }
.cs-footer__nav a { color: #fff; }
.pk-social-links-items { display: flex; gap: 10px; }
.pk-social-links-link { display: block; width: 34px; height: 34px; border-radius: 50%; background: var(--fd-red); }
"""

# /wp-includes/css/dist/block-library/style.min.css: the blocks of the post body.
BLOCK_LIBRARY_CSS = """/* WordPress block library (replica subset) */
.wp-block-image{margin:0 0 1.4em}.wp-block-image img{width:100%;height:auto}.wp-element-caption{font-size:14px;color:#5c6270;border-left:3px solid #c8102e;padding:4px 10px;margin-top:8px}
.wp-block-quote{margin:1.4em 0;padding:6px 0 6px 22px;border-left:5px solid #0b2545;font-style:italic;color:#2d3340}
.wp-block-list{margin:0 0 1.1em}.wp-block-list li{margin-bottom:.3em}
.wp-block-embed{margin:0 0 1.4em}.wp-block-embed__wrapper{background:#fff;border:1px solid #d9d2c3;padding:8px}.wp-block-embed iframe{display:block;width:100%;border:0}
"""

# /wp-content/plugins/powerkit/.../public-powerkit-share-buttons.css: the share bar.
SHARE_BUTTONS_CSS = """/* Powerkit share buttons (replica subset) */
.pk-share-buttons-wrap{display:flex;align-items:center;gap:12px}
.pk-share-buttons-items{display:flex;gap:8px}
.pk-share-buttons-link{display:flex;align-items:center;gap:6px;color:#fff;font-size:13px;font-weight:700;padding:6px 12px;text-transform:capitalize}
.pk-share-buttons-facebook .pk-share-buttons-link{background:#3b5998}.pk-share-buttons-twitter .pk-share-buttons-link{background:#1d9bf0}.pk-share-buttons-pinterest .pk-share-buttons-link{background:#e60023}
.pk-share-buttons-item[data-id]::before{content:none}.pk-share-buttons-icon::before{content:"\\25CF"}
.pk-share-buttons-total{display:flex;gap:6px;align-items:baseline;font-weight:700;color:#0b2545}
.pk-share-buttons-after-post{border-top:1px solid #d9d2c3;border-bottom:1px solid #d9d2c3;padding:12px 0;margin:28px 0}
"""

# /wp-content/plugins/gravityforms/assets/css/dist/basic.min.css: the sign-up box.
GRAVITY_FORMS_CSS = """/* Gravity Forms basic (replica subset) */
.entry-content .gform_wrapper{background:#0b2545;color:#fff;padding:20px 24px;margin:0 0 1.4em}
.gform_wrapper .gform_title{color:#fff;font-size:22px;margin:0 0 10px}
.gform_wrapper .gfield_label{display:block;font-size:13px;text-transform:uppercase;letter-spacing:.08em}
.gform_wrapper input[type=email]{width:100%;padding:9px;border:0;font:inherit}
.gform_wrapper .gform_button{margin-top:10px;background:#c8102e;color:#fff;border:0;padding:10px 22px;font-weight:700;letter-spacing:.08em;text-transform:uppercase}
"""

# /wp-includes/css/wp-embed-template.min.css: the page inside an embed iframe.
EMBED_CSS = """/* WordPress embed template (replica subset) */
html,body{margin:0;padding:0;background:transparent}
.wp-embed{font-family:Helvetica,Arial,sans-serif;font-size:14px;line-height:1.5;color:#1b1b1f;background:#fff url(../images/embed-corner.png) right top no-repeat;border:1px solid #d9d2c3;padding:20px 24px;overflow:auto}
.wp-embed-featured-image{float:left;width:42%;margin:0 20px 8px 0}.wp-embed-featured-image img{width:100%;height:auto;display:block}
.wp-embed-heading{font-size:22px;font-weight:700;margin:0 0 8px}.wp-embed-heading a{color:#0b2545;text-decoration:none}
.wp-embed-excerpt p{margin:0 0 10px;color:#5c6270}
.wp-embed-footer{clear:both;display:flex;align-items:center;gap:8px;border-top:1px solid #d9d2c3;padding-top:10px;font-weight:700}
.wp-embed-site-icon{width:24px;height:24px}
"""

# /wp-content/themes/newsblock/js/scripts.js: marks the page as scripted, shows the edition
# date printed in data-date, and adds a reading-time label computed from the article's words.
SCRIPTS_JS = """/* Newsblock theme scripts (replica). Deterministic: no timers, no clock, no randomness. */
(function () {
  'use strict';
  var root = document.documentElement;
  root.className = (root.className ? root.className + ' ' : '') + 'cs-js';
  function ready(fn) {
    if (document.readyState !== 'loading') { fn(); } else { document.addEventListener('DOMContentLoaded', fn); }
  }
  ready(function () {
    var date = document.querySelector('.cs-header__date');
    if (date) { date.textContent = date.getAttribute('data-date') || ''; }
    var content = document.querySelector('.entry-content');
    var bar = document.querySelector('.cs-entry__metabar-inner');
    if (content && bar) {
      var words = (content.textContent || '').split(/\\s+/).filter(Boolean).length;
      var label = document.createElement('span');
      label.className = 'cs-entry__reading-time';
      label.textContent = Math.max(1, Math.round(words / 230)) + ' min read';
      bar.insertBefore(label, bar.firstChild);
    }
  });
})();
"""

JQUERY_JS = """/*! jQuery v3.7.1 (replica stand-in: a minimal ready() only) */
(function (w) { 'use strict'; if (w.jQuery) { return; } var $ = function (fn) { if (typeof fn === 'function') { fn($); } return $; }; $.fn = {}; w.jQuery = w.$ = $; })(window);
"""

SHARE_BUTTONS_JS = """/* Powerkit share buttons (replica): counts stay as printed. */
(function () { 'use strict'; document.documentElement.setAttribute('data-pk-share', 'ready'); })();
"""

GRAVITY_FORMS_JS = """/* Gravity Forms (replica): nothing to do without a server side. */
var gform = window.gform || { hooks: { action: {}, filter: {} } };
"""
