"""The rule table: every finding's rule id, default severity, one-line doc and source, in one place.

Ids are stable: GC0xx reading and parsing, GC1xx ProtoJSON leniencies the server accepts (rewritten by
the normalizer), GC2xx schema violations, GC3xx rules JSON Schema cannot express, GC4xx
the model rules (facts of the model named in the URL, from schema/models.json), GC9xx the linter's own (a path it could not check). Sources name a
reference field (`Type.field`), a `limits` entry, an evidence id (`E-...`) or a spec (RFC 8259).
`strict` is the severity in the strict profile where it differs (leniencies become errors there); `fixable`
rules know the canonical text of the token they are placed at, or the edit of the text around it
(`Finding.fix`; validator/edits.py). GC003's fix is the text without the byte order mark, which the
validator's offsets already start after: `lint --fix` drops it (lint/fixing.py).
"""

from __future__ import annotations

from typing import NamedTuple

from gemini_contract.validator.findings import Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741 (a table reads better with one letter)


class Rule(NamedTuple):
    id: str
    name: str
    severity: Severity
    doc: str
    source: str
    strict: Severity | None = None
    fixable: bool = False  # findings carry a `Fix` (the canonical text of their token) where the text has one

    def severity_in(self, profile: str) -> Severity:
        if profile == "strict" and self.strict is not None:
            return self.strict
        return self.severity


# fmt: off
RULES: tuple[Rule, ...] = (
    # --- reading and parsing -----------------------------------------------------------------------
    Rule("GC001", "unreadable-encoding", E, "Text is not UTF-8 (UTF-16/32 or another encoding).", "RFC 8259 §8.1"),
    Rule("GC002", "invalid-utf8", E, "Bytes that are not valid UTF-8.", "RFC 8259 §8.1"),
    Rule("GC003", "byte-order-mark", W, "A UTF-8 byte order mark starts the text.", "RFC 8259 §8.1", strict=E, fixable=True),
    Rule("GC004", "syntax-error", E, "Text that is not JSON (and not a form Google's parser tolerates).", "RFC 8259"),
    Rule("GC005", "duplicate-key", E, "The same key twice in one object: parsers disagree on which wins.", "RFC 8259 §4"),
    Rule("GC006", "non-finite-number", E, "NaN or Infinity literal: not JSON.", "RFC 8259 §6"),
    Rule("GC007", "lone-surrogate", E, "A \\u escape of an unpaired UTF-16 surrogate.", "RFC 8259 §8.2"),
    Rule("GC008", "number-overflow", E, "A number too large to represent (int64/double overflow).", "ProtoJSON (S5)"),
    Rule("GC009", "too-deep", E, "Nesting deeper than the limit.", "limits: FunctionDeclaration nesting (E-depth)"),
    Rule("GC010", "too-large", E, "Document larger than the size limit.", "limits: inline data <= 100 MB (S9)"),
    Rule("GC011", "trailing-content", E, "Content after the JSON value.", "RFC 8259 §2"),
    Rule("GC012", "trailing-comma", W, "Trailing comma; Google's parser accepts it.", "corpus raw_body_text", strict=E, fixable=True),
    Rule("GC013", "unquoted-key", W, "Unquoted or single-quoted key; Google's parser accepts it.", "corpus raw_body_text", strict=E, fixable=True),
    Rule("GC014", "raw-control-character", W, "Raw newline or control character inside a string.", "corpus raw_body_text", strict=E, fixable=True),
    Rule("GC015", "invalid-escape", W, "Escape JSON does not define (such as \\'); Google's parser accepts it.", "corpus raw_body_text", strict=E, fixable=True),
    Rule("GC016", "empty-document", E, "Empty file or only whitespace.", "RFC 8259 §2"),
    Rule("GC017", "not-an-object", E, "The body must be a JSON object.", "GenerateContentRequest"),
    Rule("GC018", "not-json-value", E, "A Python value with no JSON form (a set, bytes, a datetime, a Decimal, a non-string key) in a document given to validate() as parsed values.", "RFC 8259 §3"),
    Rule("GC019", "response-not-request", E, "A response (candidates, usageMetadata, an error body) where a request body is expected: lint it with --kind response.", "GenerateContentResponse"),
    # --- ProtoJSON leniencies (normalized) ---------------------------------------------------------
    Rule("GC101", "snake-case-name", I, "Proto (snake_case) field name; canonical is lowerCamelCase.", "json_encoding; ProtoJSON (S5)", strict=E, fixable=True),
    Rule("GC102", "enum-case", I, "Enum name not in its canonical spelling (server matches case-insensitively).", "E-case", strict=E, fixable=True),
    Rule("GC103", "enum-number", I, "Enum given as its number; canonical is the name.", "json_encoding.enum; S4", strict=E, fixable=True),
    Rule("GC104", "int-as-string", I, "Integer given as a decimal string; canonical is a JSON number.", "json_encoding.int64", strict=E, fixable=True),
    Rule("GC105", "integral-float", I, "Integer field given as an integral float such as 40.0.", "json_encoding.int32; hostile float_as_int_40_0", strict=W, fixable=True),
    Rule("GC106", "base64-variant", I, "URL-safe or unpadded base64; canonical is standard, padded.", "json_encoding.bytes; hostile base64_unpadded", strict=W, fixable=True),
    Rule("GC107", "single-for-array", I, "A single value where the API has a repeated field.", "corpus api_leniency_exercised", strict=E, fixable=True),
    Rule("GC108", "field-given-twice", E, "The same field under its camelCase and snake_case names.", "ProtoJSON (S5)"),
    Rule("GC109", "explicit-null", I, "JSON null for an optional field (treated as absent).", "ProtoJSON (S5)", strict=E, fixable=True),
    Rule("GC110", "number-as-string", I, "Floating-point number given as a string.", "json_encoding.float/double", strict=E, fixable=True),
    Rule("GC111", "schema-type-case", I, "Gemini Schema type in lower case (\"object\"); the server matches it case-insensitively.", "E-case", strict=W, fixable=True),
    # --- schema ------------------------------------------------------------------------------------
    Rule("GC201", "unknown-field", E, "A field the API does not define at this place.", "E-unknown, E-unknown-root"),
    Rule("GC202", "missing-field", E, "A required field is missing.", "field_behavior REQUIRED"),
    Rule("GC203", "wrong-type", E, "A value of the wrong JSON type.", "E-not-repeating"),
    Rule("GC204", "bad-enum-value", E, "A value outside the field's enum.", "E-enum-value"),
    Rule("GC205", "out-of-range", E, "A number outside the documented range.", "limits"),
    Rule("GC206", "bad-format", E, "A string that does not match the documented format.", "limits; json_encoding"),
    Rule("GC207", "bad-length", E, "Too many or too few items, or an empty string where a value is required.", "limits"),
    Rule("GC208", "part-two-data", E, "A Part holds more than one data member.", "limits: Part data oneof; E-oneof-dup"),
    Rule("GC209", "part-no-data", E, "A Part holds no data member.", "E-oneof-required"),
    Rule("GC210", "schema-violation", E, "Any other violation of the contract.", "schema"),
    # --- cross-field rules and limits --------------------------------------------------------------
    Rule("GC301", "model-in-body", W, "model belongs in the URL path, not in the body.", "GenerateContentRequest.model"),
    Rule("GC302", "thinking-budget-and-level", E, "thinkingBudget and thinkingLevel are both set.", "E-thinking-both; S11"),
    Rule("GC303", "response-schema-mime", E, "responseSchema or a response JSON schema without a JSON or enum responseMimeType.", "limits: responseSchema"),
    Rule("GC304", "response-schema-both", E, "responseSchema together with responseJsonSchema.", "limits: responseSchema"),
    Rule("GC305", "parameters-both", E, "parameters with parametersJsonSchema, or response with responseJsonSchema.", "limits: FunctionDeclaration"),
    Rule("GC306", "voice-config-both", E, "voiceConfig with multiSpeakerVoiceConfig.", "limits: speechConfig"),
    Rule("GC307", "allowed-names-mode", W, "allowedFunctionNames without mode ANY or VALIDATED.", "limits: functionCallingConfig"),
    Rule("GC308", "logprobs-without-response-logprobs", E, "logprobs set without responseLogprobs true.", "limits: logprobs"),
    Rule("GC309", "duplicate-safety-category", E, "More than one safety setting for a category.", "limits: SafetySetting"),
    Rule("GC310", "too-many-functions", E, "More than 512 function declarations.", "E-512"),
    Rule("GC311", "duplicate-function-name", E, "Two function declarations share a name.", "E-dup-function"),
    Rule("GC312", "schema-dialect", E, "A JSON Schema keyword Gemini's Schema does not have ($ref, $defs, const, additionalProperties, ...).", "E-unknown; limits: Schema"),
    Rule("GC313", "schema-enum-not-string", E, "enum on a Schema whose type is not STRING.", "E-enum-string-only"),
    Rule("GC314", "schema-array-without-items", E, "An ARRAY Schema without items.", "E-items"),
    Rule("GC315", "schema-type-missing", E, "A Schema with neither type nor anyOf.", "E-type-required"),
    Rule("GC316", "schema-properties-not-object", E, "properties on a Schema whose type is not OBJECT.", "limits: Schema"),
    Rule("GC317", "schema-empty-properties", E, "An OBJECT with an empty properties map inside responseSchema.", "corpus mut-response-schema-object-no-properties"),
    Rule("GC318", "schema-string-format", W, "format on a STRING other than enum or date-time.", "E-string-format"),
    Rule("GC319", "function-response-unmatched", E, "A functionResponse that answers no functionCall of the same name in the previous turn.", "limits; corpus mut-fewer-function-responses"),
    Rule("GC320", "function-response-count", E, "A function-call turn not answered by as many functionResponse parts.", "corpus mut-fewer-function-responses"),
    Rule("GC321", "deprecated-harm-category", W, "A PaLM-era or deprecated harm category.", "HarmCategory"),
    Rule("GC322", "inline-data-too-large", E, "Inline base64 data over the 100 MB request limit.", "limits: inline data (S9); hostile big_file_100MB"),
    Rule("GC323", "cached-content-combination", E, "cachedContent together with systemInstruction, tools or toolConfig.", "E-cached-combo"),
    Rule("GC324", "video-metadata-alone", E, "A Part with only videoMetadata and no media part next to it.", "E-video-only-part"),
    Rule("GC325", "time-range-half", E, "timeRangeFilter with only one of startTime and endTime.", "limits: googleSearch.timeRangeFilter"),
    Rule("GC326", "function-call-name", W, "functionCall/functionResponse name outside [A-Za-z0-9_-], max 128.", "limits: FunctionCall.name"),
    Rule("GC327", "missing-thought-signature", W, "A model functionCall turn without a thoughtSignature (Gemini 3 rejects it).", "corpus issue-snow-cli-104"),
    Rule("GC328", "image-config-value", W, "imageConfig aspectRatio or imageSize outside the documented list.", "limits: imageConfig"),
    Rule("GC329", "candidate-count", I, "candidateCount > 1 is model-dependent (Gemini 3 rejects it).", "E-candidates"),
    Rule("GC330", "schema-depth", E, "A Gemini Schema nested more than 100 levels deep (the server caps nesting).", "E-depth; hostile deep_response_schema_300"),
    Rule("GC331", "confusable-keys", W, "Two keys of one object that differ only in Unicode normalization.", "hostile key_nfc_vs_nfd"),
    Rule("GC332", "pattern-backtracking", W, "A Schema pattern with nested quantifiers (catastrophic backtracking).", "hostile redos_pattern_with_example"),
    Rule("GC333", "invalid-pattern", E, "A Schema pattern that is not a valid regular expression.", "Schema.pattern (ECMA-262)"),
    Rule("GC334", "external-ref", E, "A $ref in a JSON schema that points outside it (remote or file); never retrieved.", "hostile ref_loopback_http, ref_file_url"),
    Rule("GC335", "text-too-long", E, "More text than the context window of any Gemini model can hold.", "model context windows; hostile big_string_50MB"),
    Rule("GC337", "pattern-too-long", W, "A Schema pattern too long to compile safely; it is not checked.", "bounded memory; hostile pattern alternation"),
    Rule("GC338", "value-out-of-range", W, "A generationConfig number outside the range the table's evidence gives for every model (topK >= 0, maxOutputTokens >= 1).", "models.json ranges; ISS-modelparams-16, ISS-boltdiy-955"),
    Rule("GC339", "sdk-only-enum-value", W, "An enum value the google-genai SDK has but, by its own docstrings, the Gemini API does not support (x-enum-sdk-only).", "SDK-types (google-genai types.py); schema x-enum-sdk-only"),
    Rule("GC336", "too-many-findings", I, "Further findings of this document were not listed.", "bounded output"),
    # --- model rules: what the model in the URL accepts (schema/models.json) ----------------------
    # Severity is the fact's: error where the table's evidence is strong, warning where it is weaker or
    # inferred (the severity below is the strongest); GC327/GC328/GC329 above follow the table too.
    Rule("GC400", "unknown-model", I, "A model the table does not know (or tunedModels/*, a moving alias): no model rules apply.", "schema/models.json"),
    Rule("GC401", "not-generate-content-model", E, "A model that does not serve generateContent (embedding, Imagen, Veo, Live-only audio).", "models.json generateContent; ISS-dify-1456, ISS-livekit-4103"),
    Rule("GC402", "retired-model", W, "A retired model: the API answers 404 (the body is not at fault, so never an error).", "models.json retired; ISS-dify-1456"),
    Rule("GC403", "thinking-not-supported", E, "thinkingConfig on a model without thinking.", "models.json thinking; ISS-jsgenai-681, ISS-lobe-7985"),
    Rule("GC404", "thinking-level-not-supported", E, "A thinkingLevel the model does not take (none on Gemini 2.5).", "models.json thinkingLevels; ISS-roo-10700, ISS-opencode-14"),
    Rule("GC405", "thinking-budget-range", E, "A thinkingBudget outside the model's range, 0 where thinking cannot be off, -1 where dynamic is not taken.", "models.json thinkingBudget; ISS-roo-4399, ISS-gcli-openai-23"),
    Rule("GC406", "logprobs-not-supported", E, "responseLogprobs or logprobs on a model without logprobs.", "models.json logprobs; ISS-pygenai-1921"),
    Rule("GC407", "penalty-not-supported", E, "A non-zero presencePenalty or frequencyPenalty on a model without penalties.", "models.json penalties; ISS-modelparams-16"),
    Rule("GC408", "system-instruction-not-supported", E, "systemInstruction on a model without one (Gemma 3, TTS, image output on 2.0).", "models.json systemInstruction; ISS-rig-788"),
    Rule("GC409", "json-mode-not-supported", E, "A JSON responseMimeType on a model without JSON mode.", "models.json jsonMode; ISS-vercel-8080"),
    Rule("GC410", "response-modalities", E, "responseModalities the model does not answer with (or none where it needs them, such as AUDIO for TTS).", "models.json responseModalities; ISS-fabric-1607, ISS-litellm-11118"),
    Rule("GC411", "speaker-count", W, "Multi-speaker speech with other than the model's number of speakers.", "models.json speakers; SDK-types MultiSpeakerVoiceConfig"),
    Rule("GC412", "tool-not-supported", E, "A tool the model does not take.", "models.json tools; ISS-onehub-442, ISS-gogenai-429"),
    Rule("GC413", "builtin-tools-with-functions", E, "A built-in tool with functionDeclarations on a model that takes one or the other.", "models.json builtinWithFunctions; ISS-gogenai-323, ISS-jsgenai-1157"),
    Rule("GC414", "computer-use-required", E, "A computer-use model without the computerUse tool.", "models.json computerUseRequired; ISS-langchain-1243"),
    Rule("GC415", "part-media-resolution-not-supported", E, "Per-part mediaResolution on a model before Gemini 3.", "models.json partMediaResolution; ISS-langchain4j-4389"),
    Rule("GC416", "media-resolution-not-supported", E, "generationConfig.mediaResolution on a model without it.", "models.json mediaResolution; ISS-llmgemini-116"),
    Rule("GC417", "civic-integrity-off", E, "CIVIC_INTEGRITY threshold OFF on a model that refuses it (use BLOCK_NONE).", "models.json civicIntegrityOff; ISS-librechat-5666"),
    Rule("GC418", "max-output-tokens-limit", W, "maxOutputTokens above the model's output limit.", "models.json outputTokenLimit; ISS-boltdiy-955, ISS-roo-9413"),
    Rule("GC419", "empty-model-in-url", E, "A Gemini URL with no model (models/:streamGenerateContent).", "limits: URL model segment matches models/[^/]+; issue 15 (a gateway's own example)"),
    Rule("GC420", "not-generate-content-method", E, "A Gemini URL whose method is not generateContent or streamGenerateContent.", "GenerateContentRequest endpoint (S1, S2)"),
    Rule("GC421", "unknown-api-version", W, "A Gemini URL with an API version other than v1, v1beta or v1alpha.", "GenerateContentRequest endpoint (S1, S2)"),
    # --- the linter's own ----------------------------------------------------------------------
    Rule("GC900", "io-error", E, "A path that could not be checked: missing, a directory without request files, a FIFO, a device, a socket, unreadable, or a symlink loop.", "gemini-contract lint"),
    Rule("GC902", "expected-finding-missing", E, "A negative fixture (a body with a .expect.json sidecar) without the finding its sidecar expects.", "gemini-contract sample --invalid"),
    Rule("GC901", "internal-error", E, "gemini-contract failed while checking this path (a bug: please report it).", "gemini-contract lint"),
    Rule("GC903", "body-file-not-followed", I, "A curl in Markdown sends a body from a file (-d @body.json) that is not checked: an absolute path, a path outside the folder lint runs in, a shell variable, @- (curl's standard input), or Markdown read from standard input.", "gemini-contract lint"),
)
# fmt: on

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
