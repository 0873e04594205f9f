#include "theme.h"

#include <QApplication>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace StreamRank {

namespace {

const QString ThemeKey = QStringLiteral("view/theme");
const QString FusionStyle = QStringLiteral("Fusion");

// The colours of one palette: the active and inactive groups share them, the
// disabled group greys text, buttons and the selection.
struct Colours
{
    QColor window, windowText, base, alternateBase, toolTipBase, toolTipText, placeholder, text,
        button, buttonText, brightText, light, midlight, mid, dark, shadow, highlight,
        highlightedText, link, linkVisited;
    QColor disabledText, disabledBase, disabledButton, disabledHighlight, disabledHighlightedText;
};

QPalette build(const Colours &c)
{
    QPalette p;
    for (const auto group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled}) {
        p.setColor(group, QPalette::Window, c.window);
        p.setColor(group, QPalette::WindowText, c.windowText);
        p.setColor(group, QPalette::Base, c.base);
        p.setColor(group, QPalette::AlternateBase, c.alternateBase);
        p.setColor(group, QPalette::ToolTipBase, c.toolTipBase);
        p.setColor(group, QPalette::ToolTipText, c.toolTipText);
        p.setColor(group, QPalette::PlaceholderText, c.placeholder);
        p.setColor(group, QPalette::Text, c.text);
        p.setColor(group, QPalette::Button, c.button);
        p.setColor(group, QPalette::ButtonText, c.buttonText);
        p.setColor(group, QPalette::BrightText, c.brightText);
        p.setColor(group, QPalette::Light, c.light);
        p.setColor(group, QPalette::Midlight, c.midlight);
        p.setColor(group, QPalette::Mid, c.mid);
        p.setColor(group, QPalette::Dark, c.dark);
        p.setColor(group, QPalette::Shadow, c.shadow);
        p.setColor(group, QPalette::Highlight, c.highlight);
        p.setColor(group, QPalette::HighlightedText, c.highlightedText);
        p.setColor(group, QPalette::Link, c.link);
        p.setColor(group, QPalette::LinkVisited, c.linkVisited);
    }
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText,
                            QPalette::PlaceholderText, QPalette::Link, QPalette::LinkVisited})
        p.setColor(QPalette::Disabled, role, c.disabledText);
    p.setColor(QPalette::Disabled, QPalette::Base, c.disabledBase);
    p.setColor(QPalette::Disabled, QPalette::Button, c.disabledButton);
    p.setColor(QPalette::Disabled, QPalette::Highlight, c.disabledHighlight);
    p.setColor(QPalette::Disabled, QPalette::HighlightedText, c.disabledHighlightedText);
    return p;
}

// What the application started with, for System.
struct StartUp
{
    bool known = false;
    QString styleName;
    QPalette palette;
};

StartUp &startUp()
{
    static StartUp s;
    return s;
}

Theme &current()
{
    static Theme t = Theme::System;
    return t;
}

void setStyleNamed(const QString &name)
{
    if (QApplication::style()->name().compare(name, Qt::CaseInsensitive) == 0)
        return;
    // A style name the factory does not know leaves the style as it is.
    QApplication::setStyle(name);
}

} // namespace

QString themeCode(Theme theme)
{
    switch (theme) {
    case Theme::System:
        return QStringLiteral("system");
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    }
    return {};
}

std::optional<Theme> themeFromCode(const QString &code)
{
    for (const Theme t : {Theme::System, Theme::Light, Theme::Dark})
        if (code.compare(themeCode(t), Qt::CaseInsensitive) == 0)
            return t;
    return std::nullopt;
}

QStringList themeCodes()
{
    return {themeCode(Theme::System), themeCode(Theme::Light), themeCode(Theme::Dark)};
}

QPalette lightPalette()
{
    Colours c;
    c.window = QColor(0xef, 0xef, 0xef);
    c.windowText = QColor(0x1a, 0x1a, 0x1a);
    c.base = Qt::white;
    c.alternateBase = QColor(0xf5, 0xf5, 0xf5);
    c.toolTipBase = QColor(0xff, 0xff, 0xdc);
    c.toolTipText = Qt::black;
    c.placeholder = QColor(0x70, 0x70, 0x70);
    c.text = QColor(0x1a, 0x1a, 0x1a);
    c.button = QColor(0xef, 0xef, 0xef);
    c.buttonText = QColor(0x1a, 0x1a, 0x1a);
    c.brightText = Qt::white;
    c.light = Qt::white;
    c.midlight = QColor(0xca, 0xca, 0xca);
    c.mid = QColor(0xb8, 0xb8, 0xb8);
    c.dark = QColor(0x9f, 0x9f, 0x9f);
    c.shadow = QColor(0x76, 0x76, 0x76);
    c.highlight = QColor(0x30, 0x8c, 0xc6);
    c.highlightedText = Qt::white;
    c.link = QColor(0x0b, 0x57, 0xd0);
    c.linkVisited = QColor(0x6a, 0x1b, 0x9a);
    c.disabledText = QColor(0x8c, 0x8c, 0x8c);
    c.disabledBase = QColor(0xef, 0xef, 0xef);
    c.disabledButton = QColor(0xe4, 0xe4, 0xe4);
    c.disabledHighlight = QColor(0x91, 0x91, 0x91);
    c.disabledHighlightedText = QColor(0xf0, 0xf0, 0xf0);
    return build(c);
}

QPalette darkPalette()
{
    Colours c;
    c.window = QColor(0x2d, 0x2d, 0x2d);
    c.windowText = QColor(0xe8, 0xe8, 0xe8);
    c.base = QColor(0x1f, 0x1f, 0x1f);
    c.alternateBase = QColor(0x29, 0x29, 0x29);
    c.toolTipBase = QColor(0x3c, 0x3c, 0x3c);
    c.toolTipText = QColor(0xf0, 0xf0, 0xf0);
    c.placeholder = QColor(0x9a, 0x9a, 0x9a);
    c.text = QColor(0xe8, 0xe8, 0xe8);
    c.button = QColor(0x36, 0x36, 0x36);
    c.buttonText = QColor(0xe8, 0xe8, 0xe8);
    c.brightText = QColor(0xff, 0x6b, 0x6b);
    c.light = QColor(0x4a, 0x4a, 0x4a);
    c.midlight = QColor(0x3e, 0x3e, 0x3e);
    c.mid = QColor(0x26, 0x26, 0x26);
    c.dark = QColor(0x1a, 0x1a, 0x1a);
    c.shadow = QColor(0x0d, 0x0d, 0x0d);
    c.highlight = QColor(0x2f, 0x7d, 0xc9);
    c.highlightedText = Qt::white;
    c.link = QColor(0x6c, 0xb4, 0xff);
    c.linkVisited = QColor(0xc0, 0x9c, 0xf5);
    c.disabledText = QColor(0x80, 0x80, 0x80);
    c.disabledBase = QColor(0x26, 0x26, 0x26);
    c.disabledButton = QColor(0x30, 0x30, 0x30);
    c.disabledHighlight = QColor(0x4a, 0x4a, 0x4a);
    c.disabledHighlightedText = QColor(0xa0, 0xa0, 0xa0);
    return build(c);
}

void applyTheme(Theme theme)
{
    StartUp &s = startUp();
    if (!s.known) {
        s.known = true;
        s.styleName = QApplication::style()->name();
        s.palette = QApplication::palette();
    }
    switch (theme) {
    case Theme::System:
        setStyleNamed(s.styleName);
        QApplication::setPalette(s.palette);
        break;
    case Theme::Light:
        setStyleNamed(FusionStyle);
        QApplication::setPalette(lightPalette());
        break;
    case Theme::Dark:
        setStyleNamed(FusionStyle);
        QApplication::setPalette(darkPalette());
        break;
    }
    current() = theme;
}

Theme currentTheme()
{
    return current();
}

Theme savedTheme()
{
    return themeFromCode(QSettings().value(ThemeKey).toString()).value_or(Theme::System);
}

void saveTheme(Theme theme)
{
    QSettings().setValue(ThemeKey, themeCode(theme));
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor toneColor(TextTone tone, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (tone) {
    case TextTone::Error:
        return dark ? QColor(0xff, 0x7b, 0x7b) : QColor(0xb0, 0x00, 0x20);
    case TextTone::Warning:
        return dark ? QColor(0xf0, 0xb4, 0x50) : QColor(0x8a, 0x53, 0x00);
    case TextTone::Success:
        return dark ? QColor(0x6c, 0xd0, 0x8a) : QColor(0x1a, 0x7f, 0x37);
    }
    return palette.color(QPalette::WindowText);
}

QString toneStyleSheet(TextTone tone, const QPalette &palette)
{
    return QStringLiteral("QLabel { color: %1; }").arg(toneColor(tone, palette).name());
}

} // namespace StreamRank
