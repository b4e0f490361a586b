//! The shipped JSON Schema of survey.json (`surveys/survey.schema.json`) is
//! the one the definition types generate, and the shipped definition
//! follows it. Regenerate with `RENKEI_WRITE_SCHEMA=1 cargo test --test it schema::`.

use renkei::input::survey::SurveyDefinition;

#[test]
fn the_shipped_schema_is_current() {
    let path = crate::common::repo().join("surveys/survey.schema.json");
    let generated = SurveyDefinition::json_schema();
    if std::env::var_os("RENKEI_WRITE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let shipped = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        shipped, generated,
        "surveys/survey.schema.json is stale: regenerate it (see the module docs)"
    );
}

#[test]
fn the_schema_names_what_to_write() {
    let schema: serde_json::Value = serde_json::from_str(&SurveyDefinition::json_schema()).unwrap();
    let text = schema.to_string();
    for needle in [
        "unit_columns",
        "population_bands",
        "\"multiple\"",
        "population-band",
        "ruiji",
        "separator",
    ] {
        assert!(text.contains(needle), "{needle} missing from the schema");
    }
    let def: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(crate::common::shipped_survey().join("survey.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(def["$schema"], "../survey.schema.json");
}
