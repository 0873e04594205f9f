// ViewershipChart: the chart as PNG or SVG and its data as CSV.
#include "viewershipchart.h"
#include "viewershipchart_p.h"

#include "clock.h"

#include <QBuffer>
#include <QFileDialog>
#include <QMessageBox>
#include <QPainter>
#include <QPixmap>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QSvgGenerator>

#include <cmath>

namespace StreamRank {

namespace {
bool writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = QObject::tr("Could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}
} // namespace

bool ViewershipChart::exportPng(const QString &path, QString *error) const
{
    const QPixmap pixmap = d->view->grab();
    QByteArray bytes;
    {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        if (!pixmap.save(&buffer, "PNG")) {
            if (error)
                *error = tr("Could not draw the chart as PNG.");
            return false;
        }
    }
    return writeFile(path, bytes, error);
}

bool ViewershipChart::exportSvg(const QString &path, QString *error) const
{
    QByteArray bytes;
    {
        QBuffer buffer(&bytes);
        QSvgGenerator generator;
        generator.setOutputDevice(&buffer);
        generator.setSize(d->view->size());
        generator.setViewBox(QRect(QPoint(0, 0), d->view->size()));
        generator.setTitle(d->chart->title());
        generator.setDescription(tr("Viewers over time, exported by StreamRank"));
        QPainter painter;
        if (!painter.begin(&generator)) {
            if (error)
                *error = tr("Could not draw the chart as SVG.");
            return false;
        }
        d->view->render(&painter);
        painter.end();
    }
    return writeFile(path, bytes, error);
}

namespace {
// A stored count, or an empty cell where the platform hid it.
QByteArray countCell(double y)
{
    return std::isnan(y) ? QByteArray() : QByteArray::number(static_cast<qint64>(y));
}

QByteArray averageCell(double y)
{
    return std::isnan(y) ? QByteArray() : QByteArray::number(y, 'f', 2);
}

QByteArray csvField(const QString &text)
{
    // RFC 4180: quoted where it holds a comma, a quote or a line break; a
    // name that a spreadsheet would run as a formula starts with a quote mark.
    QByteArray bytes = text.toUtf8();
    if (!bytes.isEmpty() && QByteArray("=+-@").contains(bytes.front()))
        bytes.prepend('\'');
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') || bytes.contains('\r'))
        bytes = '"' + bytes.replace('"', "\"\"") + '"';
    return bytes;
}
} // namespace

bool ViewershipChart::exportCsv(const QString &path, QString *error) const
{
    const auto [from, to] = d->shownRange();
    const auto inRange = [from = double(from), to = double(to)](const QPointF &p) {
        return p.x() >= from && p.x() <= to;
    };
    QByteArray bytes;
    if (d->lineCount <= 1) {
        // Rollups: the bucket's start, its average (two decimals) and its peak.
        const QVector<QPointF> &points = d->points();
        const QVector<QPointF> &peaks = d->peaks();
        const bool rolled = !peaks.isEmpty();
        bytes = rolled ? "bucket_start,viewers_average,viewers_peak\n" : "time,viewers\n";
        for (qsizetype i = 0; i < points.size(); ++i) {
            const QPointF &p = points.at(i);
            if (!inRange(p))
                continue;
            bytes += isoUtcText(static_cast<qint64>(p.x())).toUtf8() + ',';
            if (rolled)
                bytes += averageCell(p.y()) + ',' + countCell(peaks.at(i).y());
            else
                bytes += countCell(p.y());
            bytes += '\n';
        }
        return writeFile(path, bytes, error);
    }
    // Several lines: one row per line and point, the stored values (not
    // normalised), hidden lines included; a peak where the line is rollups.
    bool rolled = false;
    for (int l = 0; l < d->lineCount; ++l)
        rolled = rolled || !d->lines.at(l).data.peaks.isEmpty();
    bytes = rolled ? "time,series,value,peak\n" : "time,series,value\n";
    for (int l = 0; l < d->lineCount; ++l) {
        const ChartLine &line = d->lines.at(l).data;
        const QByteArray name = csvField(line.name);
        for (qsizetype i = 0; i < line.points.size(); ++i) {
            const QPointF &p = line.points.at(i);
            if (!inRange(p))
                continue;
            bytes += isoUtcText(static_cast<qint64>(p.x())).toUtf8() + ',' + name + ',';
            bytes += line.peaks.isEmpty() ? countCell(p.y()) : averageCell(p.y());
            if (rolled)
                bytes +=
                    ',' + (line.peaks.isEmpty() ? QByteArray() : countCell(line.peaks.at(i).y()));
            bytes += '\n';
        }
    }
    return writeFile(path, bytes, error);
}

void ViewershipChart::exportWithDialog(const QString &format)
{
    QString name = d->title.isEmpty() ? QStringLiteral("chart") : d->title;
    name.replace(QRegularExpression(QStringLiteral("[^\\w.-]+")), QStringLiteral("-"));
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString filter = format == QLatin1String("png")   ? tr("PNG image (*.png)")
                           : format == QLatin1String("svg") ? tr("SVG image (*.svg)")
                                                            : tr("CSV file (*.csv)");
    QString path = QFileDialog::getSaveFileName(this, tr("Export chart"),
                                                folder + u'/' + name + u'.' + format, filter);
    if (path.isEmpty())
        return;
    QString error;
    const bool ok = format == QLatin1String("png")   ? exportPng(path, &error)
                    : format == QLatin1String("svg") ? exportSvg(path, &error)
                                                     : exportCsv(path, &error);
    if (!ok)
        QMessageBox::warning(this, tr("Export chart"), error);
}

} // namespace StreamRank
