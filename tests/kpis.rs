//! KPI exports: the CSV dialects and their errors, the charts (parsed back as SVG),
//! thinning long exports, the kpi block, the dashboard and the series pages.

mod common;
use common::TestSite;

fn site_with(files: &[(&str, &str)]) -> TestSite {
    let mut site = TestSite::new();
    for (path, text) in files {
        site = site.file(path, *text);
    }
    site
}

const CONFIG: &str = "[kpi.uptime]\nfile = \"kpis/uptime.csv\"\nvalue = \"uptime_pct\"\nunit = \"%\"\ntarget = 99.5\ndirection = \"at_least\"\n\n[kpi.ocr]\nfile = \"kpis/ocr.csv\"\nvalue = \"paginas\"\nlimit = 200000\nwarn = \"70%\"\ntarget = 200000\ndirection = \"at_most\"\nkind = \"bar\"\n";

/// Three dialects: semicolons with decimal commas, percent signs and a BOM; commas
/// with quoted thousands; day-first dates with a gap.
fn dialects() -> TestSite {
    site_with(&[
        ("bitacora.toml", CONFIG),
        ("content/kpis/uptime.csv", "\u{feff}mes;uptime_pct;nota\n2025-01;99,89 %;\"bien; sin cortes\"\n2025-03;99,26 %;corte\n2025-02;99,91 %;\n"),
        ("content/kpis/ocr.csv", "mes,paginas\n2025-01,\"118,400\"\n2025-02,\"150,000\"\n"),
        ("content/kpis/diario.csv", "fecha,p95\n01/11/2025,700\n02/11/2025,\n03/11/2025,720.5\n"),
    ])
}

fn cells(page: &common::Page, css: &str) -> Vec<String> {
    page.select(css)
        .iter()
        .map(|c| c.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn every_dialect_reads_into_the_same_numbers() {
    let site = dialects();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.output());
    let uptime = site.page("kpis/uptime/");
    // Newest first, sorted although the file is not.
    assert_eq!(
        cells(&uptime, ".kpi-table tbody th"),
        ["2025-03", "2025-02", "2025-01"]
    );
    assert_eq!(
        cells(&uptime, ".kpi-table tbody td"),
        ["99,26", "99,91", "99,89"]
    );
    assert_eq!(
        cells(&uptime, ".kpi-table tbody tr.is-missed th"),
        ["2025-03"]
    );
    assert_eq!(uptime.text_of(".badge.kpi-state"), "No cumple");
    assert_eq!(uptime.text_of(".kpi-latest"), "99,26 %");
    let ocr = site.page("kpis/ocr/");
    assert_eq!(cells(&ocr, ".kpi-table tbody td"), ["150.000", "118.400"]);
    // 150,000 is past the warn level, 70 % of 200,000.
    assert_eq!(ocr.text_of(".badge.kpi-state"), "Alerta");
    let daily = site.page("kpis/diario/");
    assert_eq!(
        cells(&daily, ".kpi-table tbody th"),
        ["2025-11-03", "2025-11-02", "2025-11-01"]
    );
    assert_eq!(
        cells(&daily, ".kpi-table tbody td"),
        ["720,5", "", "700"],
        "the empty cell is a gap, not a zero"
    );
    assert!(
        daily.select(".badge.kpi-state").is_empty(),
        "no target, no badge"
    );
    assert!(
        daily.hrefs().contains(&"../../kpis/diario.csv".to_string()),
        "the CSV to download"
    );
}

#[test]
fn a_cell_that_is_no_number_is_an_error_at_its_row_and_column() {
    let site = site_with(&[(
        "content/kpis/x.csv",
        "fecha;v;w\n2025-11-01;1;2\n2025-11-02;3;doce\n2025-11-03;5;6\n",
    )]);
    let run = site.check();
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/kpis/x.csv:3:3: error:",
        "`doce` in column `w` is not a number",
    );
    assert_eq!(run.findings().len(), 1, "{}", run.output());
}

#[test]
fn a_date_that_does_not_read_is_an_error_at_its_cell() {
    let site = site_with(&[(
        "content/kpis/x.csv",
        "fecha,v\n2025-11-01,1\n31/02/2025,2\n",
    )]);
    let run = site.check();
    run.assert_finding(
        "content/kpis/x.csv:3:1: error:",
        "`31/02/2025` is not a date or a month",
    );
}

#[test]
fn empty_exports_and_repeated_rows_are_warnings() {
    let site = site_with(&[
        ("content/kpis/vacio.csv", "fecha,v\n"),
        (
            "content/kpis/dos.csv",
            "fecha,v\n2025-11-01,1\n2025-11-02,2\n2025-11-01,3\n",
        ),
    ]);
    let run = site.check();
    assert_eq!(run.code, 0, "{}", run.output());
    run.assert_finding("content/kpis/vacio.csv:1:1: warning:", "has no data rows");
    run.assert_finding(
        "content/kpis/dos.csv:4:1: warning:",
        "repeats the one on line 2",
    );
}

#[test]
fn description_mistakes_are_errors_in_the_config() {
    let data = ("content/kpis/x.csv", "fecha,p95\n2025-11-01,1\n");
    let run = site_with(&[
        data,
        (
            "bitacora.toml",
            "title = \"x\"\n\n[kpi.p95]\nfile = \"kpis/x.csv\"\nvalue = \"p99\"\n",
        ),
    ])
    .check();
    assert_eq!(run.code, 1);
    run.assert_finding("bitacora.toml:3:1: error:", "has no column `p99`");
    assert!(
        run.output().contains("the columns are: fecha, p95"),
        "{}",
        run.output()
    );
    let run = site_with(&[
        data,
        (
            "bitacora.toml",
            "[kpi.p95]\nfile = \"kpis/x.csv\"\ntarget = 800\n",
        ),
    ])
    .check();
    run.assert_finding("bitacora.toml:1:1: error:", "has a target but no direction");
    let run = site_with(&[
        data,
        (
            "bitacora.toml",
            "[kpi.p95]\nfile = \"kpis/x.csv\"\ncolour = \"red\"\n",
        ),
    ])
    .check();
    assert_eq!(run.code, 1);
    run.assert_finding("bitacora.toml:3:", "colour");
    // A sidecar beside the CSV describes it the same way.
    let run = site_with(&[
        data,
        (
            "content/kpis/x.toml",
            "value = \"p95\"\ntarget = 800\ndirection = \"hacia_abajo\"\n",
        ),
    ])
    .check();
    assert_eq!(run.code, 1);
    run.assert_finding("content/kpis/x.toml:3:", "hacia_abajo");
}

#[test]
fn a_sidecar_describes_its_csv() {
    let site = site_with(&[
        ("content/kpis/p95.csv", "fecha,p95,p50\n2025-11-01,900,300\n2025-11-02,700,280\n"),
        ("content/kpis/p95.toml", "value = \"p95\"\nlabel = { es = \"Latencia p95\", en = \"p95 latency\" }\nunit = \"ms\"\ntarget = 800\ndirection = \"at_most\"\n"),
    ]);
    assert_eq!(site.build().code, 0);
    let page = site.page("kpis/p95/");
    assert_eq!(page.text_of("h1"), "Latencia p95");
    assert_eq!(cells(&page, ".kpi-table thead th"), ["fecha", "p95"]);
    assert_eq!(page.text_of(".badge.kpi-state"), "Cumple");
}

fn svg_of(page: &common::Page, id: &str) -> String {
    let start = page
        .text
        .find(&format!("aria-labelledby=\"{id}-title"))
        .expect("the chart");
    let open = page.text[..start].rfind("<svg").unwrap();
    let end = page.text[start..].find("</svg>").unwrap() + start + 6;
    page.text[open..end].to_string()
}

#[test]
fn charts_parse_back_with_target_misses_title_and_description() {
    let site = dialects();
    assert_eq!(site.build().code, 0);
    let page = site.page("kpis/uptime/");
    let svg = svg_of(&page, "kpi-uptime");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(title.text(), Some("uptime"));
    let desc = doc
        .descendants()
        .find(|n| n.has_tag_name("desc"))
        .unwrap()
        .text()
        .unwrap();
    assert!(
        desc.contains("3 periodos") && desc.contains("1 periodos fuera del objetivo"),
        "{desc}"
    );
    // The target: a line across the plot, in the ink colour.
    assert!(
        doc.descendants().any(|n| n.has_tag_name("polyline")
            && n.attribute("stroke") == Some("currentColor")
            && n.attribute("stroke-width") == Some("2")),
        "target line"
    );
    let misses = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("miss"))
        .count();
    assert_eq!(misses, 1, "March is under 99.5 %");
}

/// 200,000 rows of noise with one spike up and one down, in two series: the chart
/// stays small, and both extremes are still drawn (each is the one miss of its series).
#[test]
fn a_200000_row_export_gives_a_small_chart_that_keeps_every_spike() {
    let mut up = String::from("fecha,v\n");
    let mut down = String::from("fecha,v\n");
    let start = chrono::NaiveDate::from_ymd_opt(2020, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    for i in 0..200_000i64 {
        let at = (start + chrono::TimeDelta::minutes(5 * i)).format("%Y-%m-%d %H:%M");
        let noise = 100 + (i * 7919) % 13;
        let (u, d) = match i {
            123_457 => (9_000, noise),
            77_777 => (noise, -300),
            _ => (noise, noise),
        };
        up.push_str(&format!("{at},{u}\n"));
        down.push_str(&format!("{at},{d}\n"));
    }
    let site = TestSite::new()
        .file("bitacora.toml", "[kpi.up]\nfile = \"kpis/up.csv\"\ntarget = 1000\ndirection = \"at_most\"\n\n[kpi.down]\nfile = \"kpis/down.csv\"\ntarget = 50\ndirection = \"at_least\"\n")
        .file("content/kpis/up.csv", up)
        .file("content/kpis/down.csv", down);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.output());
    for key in ["up", "down"] {
        // Read as text: the page holds all 200,000 rows, too many to parse as HTML
        // quickly in a debug build.
        let text =
            std::fs::read_to_string(site.public().join(format!("kpis/{key}/index.html"))).unwrap();
        let page = common::Page {
            html: scraper::Html::new_document(),
            text,
        };
        let svg = svg_of(&page, &format!("kpi-{key}"));
        assert!(svg.len() < 100_000, "{key}: {} bytes", svg.len());
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let misses = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("miss"))
            .count();
        assert_eq!(misses, 1, "{key}: the spike is drawn");
        // The table and the figures use every row.
        let table = &page.text[page.text.find("<tbody>").unwrap()..];
        assert_eq!(table.matches("<tr ").count(), 200_000);
    }
}

#[test]
fn a_kpi_block_draws_its_series_in_place() {
    let site = dialects().file(
        "content/runbooks/capacidad.md",
        "# Capacidad\n\nAntes:\n\n```kpi\nseries = \"uptime\"\nfrom = 2025-02-01\ntable = true\n```\n\nDespués.\n",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.output());
    let page = site.page("runbooks/capacidad/");
    let figure = page.select(".body figure.kpi");
    assert_eq!(figure.len(), 1);
    assert_eq!(
        cells(&page, ".body .kpi-table tbody th"),
        ["2025-03", "2025-02"],
        "from February on"
    );
    assert!(page.select(".body pre").is_empty(), "not shown as code");
    assert!(page.text.find("Antes").unwrap() < page.text.find("figure class=\"kpi").unwrap());
}

#[test]
fn a_bad_kpi_block_is_an_error_at_its_line() {
    let run = dialects()
        .file("content/a.md", "# A\n\n```kpi\nseries = \"latencia\"\n```\n\n```kpi\nseries = \"uptime\"\ncolor = \"rojo\"\n```\n")
        .check();
    assert_eq!(run.code, 1);
    run.assert_finding("content/a.md:3:1: error:", "unknown series `latencia`");
    assert!(
        run.output().contains("series: diario, ocr, uptime"),
        "{}",
        run.output()
    );
    run.assert_finding("content/a.md:7:1: error:", "color");
}

#[test]
fn the_dashboard_groups_every_series_with_its_badge() {
    let site = dialects();
    assert_eq!(site.build().code, 0);
    let page = site.page("kpis/");
    let titles = cells(&page, "figure.kpi .kpi-title");
    assert_eq!(titles, ["diario", "ocr", "uptime"]);
    assert_eq!(page.select("figure.kpi svg.chart").len(), 3);
    assert_eq!(
        cells(&page, "figure.kpi .badge.kpi-state"),
        ["Alerta", "No cumple"]
    );
}
