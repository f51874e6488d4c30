//! The words the built-in templates show, in the site's language.

use crate::config::Language;
use std::collections::BTreeMap;

/// Interface words for the templates, as `t.KEY`.
pub fn interface(lang: Language) -> BTreeMap<&'static str, &'static str> {
    let pairs: &[(&str, &str, &str)] = &[
        ("home", "Inicio", "Home"),
        ("sections", "Secciones", "Sections"),
        ("recent", "Recientes", "Recent"),
        ("toc", "En esta página", "On this page"),
        ("referenced_by", "Referenciado por", "Referenced by"),
        ("pages", "Páginas", "Pages"),
        ("subsections", "Subsecciones", "Subsections"),
        ("tags", "Etiquetas", "Tags"),
        ("services", "Servicios", "Services"),
        ("skip", "Saltar al contenido", "Skip to content"),
        ("copy", "Copiar", "Copy"),
        ("copied", "Copiado", "Copied"),
        (
            "empty",
            "Todavía no hay páginas aquí.",
            "No pages here yet.",
        ),
        ("made_with", "Generado con bitacora", "Built with bitacora"),
        ("source", "Fuente", "Source"),
        ("page_count", "páginas", "pages"),
        ("page_one", "página", "page"),
    ];
    pairs
        .iter()
        .map(|&(key, es, en)| (key, if lang == Language::Es { es } else { en }))
        .collect()
}

/// The label of a front matter field in a page's summary box.
pub fn field(lang: Language, key: &str) -> String {
    let (es, en) = match key {
        "level" => ("Nivel de soporte", "Support level"),
        "owner" => ("Responsable", "Owner"),
        "last_reviewed" => ("Última revisión", "Last reviewed"),
        "review_every" => ("Revisar cada", "Review every"),
        "severity" => ("Severidad", "Severity"),
        "started" => ("Inicio", "Started"),
        "detected" => ("Detectado", "Detected"),
        "resolved" => ("Resuelto", "Resolved"),
        "release" => ("Versión", "Release"),
        "root_cause" => ("Causa raíz", "Root cause"),
        "start" => ("Inicio", "Start"),
        "end" => ("Fin", "End"),
        "announced" => ("Anunciada", "Announced"),
        "responsible" => ("Responsable", "Responsible"),
        "approver" => ("Aprobador", "Approver"),
        "impact" => ("Impacto", "Impact"),
        "status" => ("Estado", "Status"),
        "version" => ("Versión", "Version"),
        "commit" => ("Commit", "Commit"),
        "date" => ("Fecha", "Date"),
        other => return other.replace('_', " "),
    };
    pick(lang, es, en).to_string()
}

/// The name of a kind, for the label above a page's title.
pub fn kind(lang: Language, kind: crate::content::Kind) -> &'static str {
    use crate::content::Kind;
    let (es, en) = match kind {
        Kind::Runbook => ("Runbook", "Runbook"),
        Kind::Postmortem => ("Postmortem", "Postmortem"),
        Kind::Window => ("Ventana de mantenimiento", "Maintenance window"),
        Kind::Release => ("Versión", "Release"),
        Kind::Page => ("Página", "Page"),
    };
    pick(lang, es, en)
}

/// A folder's title: known folders get a proper name, others their name made readable.
pub fn section_title(lang: Language, dir_name: &str) -> String {
    let known = match dir_name {
        "runbooks" => Some(("Runbooks", "Runbooks")),
        "postmortems" => Some(("Postmortems", "Postmortems")),
        "windows" => Some(("Ventanas de mantenimiento", "Maintenance windows")),
        "releases" => Some(("Versiones", "Releases")),
        "kpis" => Some(("Indicadores", "KPIs")),
        _ => None,
    };
    if let Some((es, en)) = known {
        return pick(lang, es, en).to_string();
    }
    let words = dir_name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn pick(lang: Language, es: &'static str, en: &'static str) -> &'static str {
    match lang {
        Language::Es => es,
        Language::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_interface_word_in_both_languages() {
        let es = interface(Language::Es);
        let en = interface(Language::En);
        assert_eq!(es.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>());
        assert_eq!(es["referenced_by"], "Referenciado por");
        assert_eq!(en["referenced_by"], "Referenced by");
    }

    #[test]
    fn section_titles() {
        assert_eq!(
            section_title(Language::Es, "windows"),
            "Ventanas de mantenimiento"
        );
        assert_eq!(
            section_title(Language::En, "plan-de_soporte"),
            "Plan de soporte"
        );
    }
}
