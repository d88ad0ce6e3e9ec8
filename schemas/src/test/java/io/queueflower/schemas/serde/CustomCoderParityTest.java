package io.queueflower.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.schemas.registry.MockSchemaRegistry;
import io.queueflower.testsupport.SampleRecords;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.UUID;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The serializer writes with the generated custom coders; the bytes must be those of Avro's generic path. */
class CustomCoderParityTest {

    @Test
    void everyContractIsWrittenByteForByteAsTheGenericWriterWritesIt() throws Exception {
        String scope = "custom-coders-" + UUID.randomUUID();
        try {
            for (SpecificRecord record : SampleRecords.all()) {
                @SuppressWarnings("unchecked")
                SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>(
                        (Class<SpecificRecord>) record.getClass(), MockSchemaRegistry.scope(scope));
                byte[] framed = serializer.serialize("topic-" + record.getSchema().getName(), record);

                ByteArrayOutputStream generic = new ByteArrayOutputStream();
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(generic, null);
                SpecificData plain = SpecificData.getForSchema(record.getSchema());
                assertThat(plain.useCustomCoders()).as("the shared model is left alone").isFalse();
                new SpecificDatumWriter<>(record.getSchema(), plain).write(record, encoder);
                encoder.flush();

                assertThat(Arrays.copyOfRange(framed, ConfluentWireFormat.HEADER_LENGTH, framed.length))
                        .as(record.getSchema().getFullName()).isEqualTo(generic.toByteArray());
            }
        } finally {
            MockSchemaRegistry.dropScope(scope);
        }
    }
}
