//! The words the built-in templates show, in the site's language.

use crate::config::Language;
use crate::content::{Kind, Meta};
use std::collections::BTreeMap;

/// Interface words for the templates, as `t.KEY`: the built-in ones of the
/// language, with the site's own `[messages]` over them.
pub fn interface(lang: Language, messages: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut words: BTreeMap<String, String> = built_in(lang)
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    words.extend(messages.iter().map(|(k, v)| (k.clone(), v.clone())));
    words
}

/// A day as the site's language writes it: "3 de noviembre de 2025",
/// "November 3, 2025".
pub fn long_date(lang: Language, day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    const ES: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = day.month0() as usize;
    match lang {
        Language::Es => format!("{} de {} de {}", day.day(), ES[month], day.year()),
        Language::En => format!("{} {}, {}", EN[month], day.day(), day.year()),
    }
}

/// The built-in interface words of a language.
fn built_in(lang: Language) -> BTreeMap<&'static str, &'static str> {
    let pairs: &[(&str, &str, &str)] = &[
        ("home", "Inicio", "Home"),
        ("callout_note", "Nota", "Note"),
        ("callout_tip", "Consejo", "Tip"),
        ("callout_important", "Importante", "Important"),
        ("callout_warning", "Advertencia", "Warning"),
        ("callout_caution", "Peligro", "Caution"),
        ("redirect", "Esta página se movió a", "This page moved to"),
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
        ("tasks_done", "hechos", "done"),
        ("in_this_section", "En esta sección", "In this section"),
        ("search", "Buscar en el portal", "Search the portal"),
        ("search_placeholder", "Buscar ( / )", "Search ( / )"),
        ("search_none", "Sin resultados", "No results"),
        ("search_loading", "Buscando…", "Searching…"),
        ("not_found", "Página no encontrada", "Page not found"),
        (
            "not_found_text",
            "Esta dirección no existe en el portal: puede haberse movido o renombrado.",
            "This address is not in the portal: it may have moved or been renamed.",
        ),
        ("tasks_reset", "Desmarcar todo", "Reset"),
        (
            "empty",
            "Todavía no hay páginas aquí.",
            "No pages here yet.",
        ),
        ("made_with", "Generado con bitacora", "Built with bitacora"),
        ("review_title", "Runbooks por revisar", "Runbooks to review"),
        (
            "review_intro",
            "Runbooks cuya revisión venció a la fecha de esta publicación, los más atrasados primero.",
            "Runbooks whose review was due by the date of this build, the most overdue first.",
        ),
        (
            "review_none",
            "Ningún runbook tiene la revisión vencida.",
            "No runbook is overdue for review.",
        ),
        ("review_overdue", "Revisión vencida", "Review overdue"),
        ("review_every", "Revisar cada", "Review every"),
        ("last_reviewed", "Última revisión", "Last reviewed"),
        ("overdue_days", "Días de atraso", "Days overdue"),
        ("never_reviewed", "Nunca revisado", "Never reviewed"),
        ("runbook", "Runbook", "Runbook"),
        ("source", "Fuente", "Source"),
        ("page_count", "páginas", "pages"),
        ("page_one", "página", "page"),
        ("severity", "Severidad", "Severity"),
        ("duration", "Duración", "Duration"),
        ("detection", "Detección", "Time to detect"),
        ("target", "Objetivo", "Target"),
        ("open", "Abierto", "Open"),
        (
            "open_incident",
            "Incidente abierto: sin resolver",
            "Open incident: not resolved yet",
        ),
        (
            "past_target",
            "ya superó su objetivo de",
            "already past its target of",
        ),
        ("target_met", "Dentro del objetivo", "Within target"),
        ("target_missed", "Fuera del objetivo", "Target missed"),
        ("spare", "de margen", "to spare"),
        ("over", "por encima", "over"),
        ("started", "Inicio", "Started"),
        ("release", "Versión", "Release"),
        ("root_cause", "Causa raíz", "Root cause"),
        (
            "no_root_cause",
            "Sin causa raíz identificada",
            "No root cause identified",
        ),
        ("actions", "Acciones", "Actions"),
        ("action", "Acción", "Action"),
        ("owner", "Responsable", "Owner"),
        ("due", "Vence", "Due"),
        ("status", "Estado", "Status"),
        ("done", "Hecha", "Done"),
        ("pending", "Pendiente", "Pending"),
        ("overdue", "Vencida", "Overdue"),
        ("open_actions", "Acciones abiertas", "Open actions"),
        ("overdue_actions", "Acciones vencidas", "Overdue actions"),
        ("incidents", "Incidentes", "Incidents"),
        ("open_incidents", "Abiertos", "Open"),
        (
            "incident_metrics",
            "Métricas de incidentes",
            "Incident metrics",
        ),
        ("mttr_mean", "MTTR medio", "Mean MTTR"),
        ("mttr_median", "MTTR mediano", "Median MTTR"),
        ("met_share", "Dentro del objetivo", "Within target"),
        ("root_cause_share", "Con causa raíz", "With root cause"),
        (
            "actions_done_share",
            "Con acciones completas",
            "All actions done",
        ),
        ("by_severity", "Por severidad", "By severity"),
        ("by_month", "Por mes", "By month"),
        ("month", "Mes", "Month"),
        ("count", "Cantidad", "Count"),
        ("as_of", "Acciones vencidas al", "Overdue as of"),
        ("hours", "horas", "hours"),
        (
            "chart_mttr_title",
            "MTTR mediano por severidad, en % de su objetivo",
            "Median MTTR per severity, as % of its target",
        ),
        ("share_of_target", "% del objetivo", "% of target"),
        (
            "chart_months_title",
            "Incidentes por mes y severidad",
            "Incidents per month and severity",
        ),
        ("filter", "Filtrar", "Filter"),
        ("all", "Todas", "All"),
        ("all_services", "Todos", "All"),
        (
            "no_match",
            "Ningún postmortem coincide con el filtro.",
            "No postmortem matches the filter.",
        ),
        ("shown", "mostrados", "shown"),
        ("feed", "Suscribirse (Atom)", "Subscribe (Atom)"),
        ("figures_json", "Cifras en JSON", "Figures as JSON"),
        ("none_open", "No hay acciones abiertas.", "No open actions."),
        ("timeline", "Cronología", "Timeline"),
        ("id", "Identificador", "ID"),
        ("incident", "Incidente", "Incident"),
        ("title", "Título", "Title"),
        (
            "window_form",
            "Formulario de ventana de mantenimiento",
            "Maintenance window form",
        ),
        ("impact", "Impacto", "Impact"),
        ("responsible", "Responsable", "Responsible"),
        ("approver", "Aprobador", "Approver"),
        ("when", "Cuándo", "When"),
        ("end", "Fin", "End"),
        ("timezone", "Zona horaria", "Time zone"),
        ("announced", "Anunciada", "Announced"),
        ("notice", "Antelación", "Notice"),
        ("ticket", "Ticket", "Ticket"),
        ("print", "Imprimir formulario", "Print form"),
        ("print_now", "Imprimir", "Print"),
        ("success_criteria", "Criterios de éxito", "Success criteria"),
        ("smoke_tests", "Pruebas de humo", "Smoke tests"),
        ("steps", "Pasos", "Steps"),
        ("rollback_plan", "Plan de reversa", "Rollback plan"),
        ("communication", "Comunicación", "Communication"),
        ("signatures", "Firmas", "Signatures"),
        ("role", "Rol", "Role"),
        ("name", "Nombre", "Name"),
        ("signature", "Firma", "Signature"),
        ("date", "Fecha", "Date"),
        ("upcoming", "Próximas", "Upcoming"),
        ("past", "Anteriores", "Past"),
        (
            "none_upcoming",
            "No hay ventanas planificadas.",
            "No windows planned.",
        ),
        (
            "calendar",
            "Suscribirse al calendario (iCalendar)",
            "Subscribe to the calendar (iCalendar)",
        ),
        ("blank_form", "Formulario en blanco", "Blank form"),
        (
            "short_notice",
            "aviso con menos antelación que la mínima",
            "less notice than required",
        ),
        ("web_page", "Página de la ventana", "Window page"),
        ("page_of", "Página", "Page"),
        ("of", "de", "of"),
        ("checklist_done", "hechos", "done"),
        ("kpi_met", "Cumple", "Met"),
        ("kpi_warn", "Alerta", "Warning"),
        ("kpi_missed", "No cumple", "Missed"),
        ("kpi_periods", "periodos", "periods"),
        ("kpi_latest", "último valor", "latest value"),
        ("kpi_latest_title", "Último valor", "Latest value"),
        (
            "kpi_missed_periods",
            "periodos fuera del objetivo",
            "periods missing the target",
        ),
        ("kpi_over", "en", "over"),
        (
            "kpi_share",
            "Periodos dentro del objetivo",
            "Periods within target",
        ),
        ("kpi_trend", "Tendencia", "Trend"),
        ("kpi_download", "Descargar CSV", "Download CSV"),
        ("kpi_values", "Valores", "Values"),
        ("kpi_details", "Detalle y tabla", "Details and table"),
        ("previous_release", "Versión anterior", "Previous release"),
        ("next_release", "Versión siguiente", "Next release"),
        (
            "release_windows",
            "Ventanas de mantenimiento",
            "Maintenance windows",
        ),
        (
            "release_incidents",
            "Incidentes atribuidos",
            "Incidents attributed to it",
        ),
        (
            "release_kpis",
            "Indicadores alrededor del despliegue",
            "KPIs around the deployment",
        ),
        ("release_change", "Antes → después", "Before → after"),
        (
            "release_checklist",
            "Checklist de despliegue",
            "Deployment checklist",
        ),
        (
            "checklist_from",
            "Checklist por defecto, de",
            "Default checklist, from",
        ),
        (
            "days_each_side",
            "días antes y después",
            "days before and after",
        ),
        ("none", "Ninguno.", "None."),
        ("readiness", "Preparación para el despliegue", "Readiness"),
        ("ready", "Lista para desplegar", "Ready to deploy"),
        (
            "not_ready",
            "Todavía no está lista para desplegar",
            "Not ready to deploy yet",
        ),
        ("check_ready", "Cumple", "Ready"),
        ("check_not_ready", "No cumple", "Not ready"),
        ("check_unknown", "Sin datos", "Unknown"),
        ("check_window", "Ventana anunciada", "Window announced"),
        (
            "check_incidents",
            "Incidentes de la versión anterior",
            "Incidents on the previous release",
        ),
        (
            "check_checklist",
            "Checklist previo al despliegue",
            "Pre-deployment checklist",
        ),
        ("changelog", "Historial de cambios", "Changelog"),
        ("release_index", "Todas las versiones", "All releases"),
        ("feed", "Suscribirse (Atom)", "Subscribe (Atom)"),
        ("print_bundle", "Paquete para imprimir", "Print bundle"),
        ("worst_severity", "Peor severidad", "Worst severity"),
        ("version", "Versión", "Version"),
        ("window", "Ventana", "Window"),
        (
            "planned_charts",
            "Últimos días con datos antes de la fecha planificada",
            "The last days with data before the planned date",
        ),
        ("after_deploy", "después del despliegue", "after deployment"),
        ("postmortem", "Postmortem", "Postmortem"),
        ("service_runbooks", "Runbooks", "Runbooks"),
        ("older_releases", "Versiones anteriores", "Older releases"),
        (
            "blank_box",
            "Ítem a completar a mano",
            "Item to fill in by hand",
        ),
        (
            "recent_incidents",
            "Incidentes recientes",
            "Recent incidents",
        ),
        (
            "more_incidents",
            "más en el índice de incidentes",
            "more in the incident index",
        ),
        (
            "upcoming_windows",
            "Próximas ventanas de mantenimiento",
            "Upcoming maintenance windows",
        ),
        ("service_kpis", "Indicadores", "KPIs"),
        ("breadcrumbs", "Ruta", "Breadcrumbs"),
        ("window_planned", "Planificada", "Planned"),
        ("window_done", "Realizada", "Done"),
        ("window_cancelled", "Cancelada", "Cancelled"),
        ("window_rolled_back", "Revertida", "Rolled back"),
        ("impact_none", "Sin impacto", "None"),
        ("impact_degraded", "Degradado", "Degraded"),
        ("impact_outage", "Corte", "Outage"),
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

/// What a group of pages of a kind is called (the kind's folder name).
pub fn kind_plural(lang: Language, kind: Kind) -> String {
    let (es, en) = kind.info().section;
    pick(lang, es, en).to_string()
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
        let es = built_in(Language::Es);
        let en = built_in(Language::En);
        assert_eq!(es.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>());
        assert_eq!(es["referenced_by"], "Referenciado por");
        assert_eq!(en["referenced_by"], "Referenced by");
    }

    #[test]
    fn a_site_overrides_and_adds_words() {
        let mine = BTreeMap::from([
            ("home".to_string(), "Portada".to_string()),
            ("oncall".to_string(), "Guardia".to_string()),
        ]);
        let words = interface(Language::Es, &mine);
        assert_eq!(words["home"], "Portada");
        assert_eq!(words["oncall"], "Guardia");
        assert_eq!(words["toc"], "En esta página");
    }

    #[test]
    fn days_in_each_language() {
        let day = chrono::NaiveDate::from_ymd_opt(2025, 11, 3).unwrap();
        assert_eq!(long_date(Language::Es, day), "3 de noviembre de 2025");
        assert_eq!(long_date(Language::En, day), "November 3, 2025");
        let first = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(long_date(Language::Es, first), "1 de enero de 2026");
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
