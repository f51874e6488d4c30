//! The words the built-in templates show, in the site's language.

use crate::config::Language;
use crate::content::{Kind, Meta};
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
    let fields = Meta::FIELDS
        .iter()
        .chain(Kind::ALL.iter().flat_map(|k| k.info().fields));
    match fields.into_iter().find(|f| f.key == key) {
        Some(f) => pick(lang, f.es, f.en).to_string(),
        None => key.replace('_', " "),
    }
}

/// The name of a kind, for the label above a page's title.
pub fn kind(lang: Language, kind: Kind) -> &'static str {
    let (es, en) = kind.info().label;
    pick(lang, es, en)
}

/// A folder's title: the folder of a kind gets the kind's name for it, others their
/// name made readable.
pub fn section_title(lang: Language, dir_name: &str) -> String {
    let known = Kind::ALL
        .iter()
        .find(|k| k.info().folder == Some(dir_name))
        .map(|k| k.info().section)
        .or((dir_name == "kpis").then_some(("Indicadores", "KPIs")));
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
    fn field_labels_come_from_the_kinds() {
        assert_eq!(field(Language::Es, "root_cause"), "Causa raíz");
        assert_eq!(field(Language::En, "last_reviewed"), "Last reviewed");
        assert_eq!(field(Language::Es, "date"), "Fecha");
        assert_eq!(kind(Language::Es, Kind::Window), "Ventana de mantenimiento");
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
