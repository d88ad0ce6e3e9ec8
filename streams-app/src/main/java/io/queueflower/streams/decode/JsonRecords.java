package io.queueflower.streams.decode;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Locale;

/** Jackson parsing shared by the JSON decoders, with parse errors located by line and column. */
final class JsonRecords {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            // A record is exactly one JSON value; "{...} junk" is a broken record, not a span plus noise.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonRecords() {
    }

    /** The record's JSON tree, or null when it is blank. */
    static JsonNode parse(byte[] record, SpanFormat format) {
        try {
            JsonNode tree = MAPPER.readTree(record);
            return tree == null || tree.isMissingNode() ? null : tree;
        } catch (JsonProcessingException e) {
            throw new SpanDecodeException(format, location(e.getLocation()),
                    "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SpanDecodeException(format, null, "unreadable JSON: " + e.getMessage(), e);
        }
    }

    static String location(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return null;
        }
        return "JSON line " + location.getLineNr() + " column " + location.getColumnNr();
    }

    /** The first of several accepted spellings of a key that is present, or null. */
    static JsonNode field(JsonNode object, String... names) {
        for (String name : names) {
            JsonNode value = object.get(name);
            if (value != null && !value.isNull()) {
                return value;
            }
        }
        return null;
    }

    static String describe(JsonNode node) {
        return node.getNodeType().toString().toLowerCase(Locale.ROOT) + " " + SpanIds.abbreviate(node.toString());
    }
}
