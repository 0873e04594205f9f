#pragma once
// The window's colours: the platform's own style and palette (System), or
// Fusion with a light or a dark palette. Applied to the whole application, so
// every widget gets a PaletteChange and follows.

#include <QColor>
#include <QPalette>
#include <QString>
#include <QStringList>

#include <optional>

namespace StreamRank {

enum class Theme
{
    System,
    Light,
    Dark
};

// "system", "light", "dark": the --theme values and what QSettings holds.
QString themeCode(Theme theme);
std::optional<Theme> themeFromCode(const QString &code);
QStringList themeCodes();

QPalette lightPalette();
QPalette darkPalette();

// Sets the application's style and palette. The first call remembers the
// style and palette the application started with, which System restores.
// GUI thread only.
void applyTheme(Theme theme);
// What applyTheme() last applied (System before any call).
Theme currentTheme();

// The saved choice (View → Theme), System when none or unknown.
Theme savedTheme();
void saveTheme(Theme theme);

bool isDark(const QPalette &palette);

// Colours for words that carry a meaning, readable on `palette`'s window
// (the fixed reds and ambers of a light window are illegible on a dark one).
enum class TextTone
{
    Error,
    Warning,
    Success
};
QColor toneColor(TextTone tone, const QPalette &palette);
// "QLabel { color: …; }" in that colour.
QString toneStyleSheet(TextTone tone, const QPalette &palette);

} // namespace StreamRank
