//! Times the search in headless Chromium on a built site: from the first focus of
//! the search box (nothing loaded yet) to the first results shown, and then a second
//! query with the index files it needs already loaded or not.
//! usage: cargo run --release --example search -- PUBLIC_DIR [QUERY...]

#[path = "chromium.rs"]
mod chromium;

fn main() {
    let mut args = std::env::args().skip(1);
    let public = std::path::PathBuf::from(args.next().expect("the built site's folder"));
    let queries: Vec<String> = args.collect();
    let queries = if queries.is_empty() {
        vec![
            "migracion celery".to_string(),
            "reinicio".to_string(),
            "ventana mantencion".to_string(),
        ]
    } else {
        queries
    };
    let (browser, _profile) = chromium::launch("/usr/bin/chromium".into());
    let tab = browser.new_tab().unwrap();
    let home = format!(
        "file://{}",
        public.canonicalize().unwrap().join("index.html").display()
    );
    tab.navigate_to(&home)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab.wait_for_element("#search").unwrap();
    for query in &queries {
        let script = format!(
            "new Promise(done => {{
               const input = document.getElementById('search');
               const list = document.getElementById('search-results');
               const t0 = performance.now();
               input.focus();
               input.value = {q};
               input.dispatchEvent(new Event('input'));
               (function wait() {{
                 if (list.dataset.query === {q}) done(JSON.stringify([performance.now() - t0, list.querySelectorAll('li[role=option]').length]));
                 else setTimeout(wait, 1);
               }})();
             }})",
            q = serde_json::Value::String(query.clone())
        );
        let text = tab.evaluate(&script, true).unwrap().value.unwrap();
        let value: serde_json::Value = serde_json::from_str(text.as_str().unwrap()).unwrap();
        println!(
            "{query:>24}: {:>7.1} ms to the first results ({} shown)",
            value[0].as_f64().unwrap(),
            value[1]
        );
    }
}
