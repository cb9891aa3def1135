package dev.distillery.stages.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
  @Test
  void readsRecordsWithEmptyAndQuotedFieldsAndTracksLines() throws Exception {
    CsvReader csv = new CsvReader(new StringReader("a,b,c\n,\"\",\"x\r\ny\"\r\n\"\"\"\",2,\n"));
    assertEquals(List.of("a", "b", "c"), csv.next());
    assertEquals(List.of("", "", "x\r\ny"), csv.next());
    assertEquals(2, csv.recordLine());
    assertEquals(List.of("\"", "2", ""), csv.next());
    assertEquals(4, csv.recordLine());
    assertNull(csv.next());
  }

  @Test
  void lastRecordWithoutLineBreakAndBareCarriageReturns() throws Exception {
    CsvReader csv = new CsvReader(new StringReader("a\rb,c"));
    assertEquals(List.of("a"), csv.next());
    assertEquals(List.of("b", "c"), csv.next());
    assertNull(csv.next());
  }

  @Test
  void rejectsTextAfterAClosingQuoteAndUnclosedQuotesAtTheirLine() {
    CsvReader.CsvFormatException afterQuote =
        assertThrows(
            CsvReader.CsvFormatException.class,
            () -> {
              CsvReader csv = new CsvReader(new StringReader("a\n\"x\ny\"\n\"a\"b\n"));
              while (csv.next() != null) {}
            });
    assertEquals(4, afterQuote.line);
    assertEquals(
        "text after a closing quote (write a quote inside a field as \"\")",
        afterQuote.getMessage());
    CsvReader.CsvFormatException unclosed =
        assertThrows(
            CsvReader.CsvFormatException.class,
            () -> {
              CsvReader csv = new CsvReader(new StringReader("a\n\"never closed\n"));
              while (csv.next() != null) {}
            });
    assertEquals(2, unclosed.line);
    assertEquals("a quoted field that is never closed", unclosed.getMessage());
  }

  @Test
  void keepsAQuoteInsideAnUnquotedFieldSkipsTheBomAndReadsBlankLinesAsOneEmptyField()
      throws Exception {
    CsvReader csv = new CsvReader(new StringReader("\uFEFFid,q\n\na\"b,c\n"));
    assertEquals(List.of("id", "q"), csv.next());
    assertEquals(List.of(""), csv.next());
    assertEquals(List.of("a\"b", "c"), csv.next());
    assertEquals(3, csv.recordLine());
    assertNull(csv.next());
  }
}
