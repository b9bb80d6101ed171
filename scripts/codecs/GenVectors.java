// Writes codec test vectors with the exact libraries Spark's CompressionCodec uses
// (core/src/main/scala/org/apache/spark/io/CompressionCodec.scala): lz4-java LZ4BlockOutputStream,
// snappy-java SnappyOutputStream and compress-lzf LZFOutputStream, with Spark's settings
// (32 KiB blocks, XXH32 seed 0x9747b28c). Run through gen.sh, which fetches the jars.
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.Random;
import net.jpountz.lz4.*;
import net.jpountz.xxhash.XXHashFactory;
import org.xerial.snappy.SnappyOutputStream;
import com.ning.compress.lzf.LZFOutputStream;

public class GenVectors {
  interface Enc { OutputStream wrap(OutputStream o) throws IOException; }

  static byte[] encode(Enc e, byte[]... parts) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    OutputStream o = e.wrap(bos);
    for (byte[] p : parts) { o.write(p); o.flush(); }
    o.close();
    return bos.toByteArray();
  }

  static OutputStream lz4(OutputStream o, int blockSize) {
    return new LZ4BlockOutputStream(o, blockSize, LZ4Factory.fastestInstance().fastCompressor(),
        XXHashFactory.fastestInstance().newStreamingHash32(0x9747b28c).asChecksum(), false);
  }

  /** A small synthetic event log: varied enough to need literals, long matches and several blocks. */
  static byte[] sampleLog() {
    StringBuilder sb = new StringBuilder();
    Random r = new Random(42);
    sb.append("{\"Event\":\"SparkListenerLogStart\",\"Spark Version\":\"3.5.1\"}\n");
    sb.append("{\"Event\":\"SparkListenerApplicationStart\",\"App Name\":\"vectors ü→✓\",\"App ID\":\"local-1\",\"Timestamp\":1700000000000,\"User\":\"me\"}\n");
    for (int i = 0; i < 160; i++) {
      sb.append("{\"Event\":\"SparkListenerTaskEnd\",\"Stage ID\":").append(i / 40)
        .append(",\"Stage Attempt ID\":0,\"Task Type\":\"ResultTask\",\"Task End Reason\":{\"Reason\":\"Success\"},")
        .append("\"Task Info\":{\"Task ID\":").append(i).append(",\"Index\":").append(i % 40)
        .append(",\"Attempt\":0,\"Launch Time\":").append(1700000000000L + i * 10)
        .append(",\"Finish Time\":").append(1700000000000L + i * 10 + r.nextInt(5000))
        .append(",\"Failed\":false,\"Killed\":false,\"Accumulables\":[{\"ID\":").append(r.nextInt(100))
        .append(",\"Name\":\"number of output rows\",\"Update\":\"").append(r.nextInt(1000000))
        .append("\",\"Value\":\"").append(r.nextLong()).append("\",\"Internal\":true,\"Count Failed Values\":true,\"Metadata\":\"sql\"}]}}\n");
    }
    sb.append("{\"Event\":\"SparkListenerApplicationEnd\",\"Timestamp\":1700000100000}\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static void main(String[] args) throws Exception {
    Path dir = Paths.get(args[0]);
    Files.createDirectories(dir);
    byte[] log = sampleLog();
    byte[] noise = new byte[40000];
    new Random(7).nextBytes(noise); // incompressible: lz4 RAW blocks, lzf stored chunks
    Files.write(dir.resolve("sample.jsonl"), log);
    Files.write(dir.resolve("noise.bin"), noise);
    Enc lz4 = o -> lz4(o, 32 * 1024);
    Enc snappy = o -> new SnappyOutputStream(o, 32 * 1024);
    Enc lzf = o -> new LZFOutputStream(o).setFinishBlockOnFlush(true);
    Files.write(dir.resolve("sample.jsonl.lz4"), encode(lz4, log));
    Files.write(dir.resolve("sample.jsonl.snappy"), encode(snappy, log));
    Files.write(dir.resolve("sample.jsonl.lzf"), encode(lzf, log));
    Files.write(dir.resolve("noise.bin.lz4"), encode(lz4, noise));
    Files.write(dir.resolve("noise.bin.snappy"), encode(snappy, noise));
    Files.write(dir.resolve("noise.bin.lzf"), encode(lzf, noise));
    // Small blocks + a flush per part: many blocks, matches that reach back across a block only
    // in the decoder's output, and (for lz4) several streams back to back like a reopened log.
    ByteArrayOutputStream cat = new ByteArrayOutputStream();
    cat.write(encode(o -> lz4(o, 1024), log));
    cat.write(encode(o -> lz4(o, 4096), log));
    Files.write(dir.resolve("sample2x.jsonl.lz4"), cat.toByteArray());
    ByteArrayOutputStream scat = new ByteArrayOutputStream();
    scat.write(encode(o -> new SnappyOutputStream(o, 1024), log));
    scat.write(encode(o -> new SnappyOutputStream(o, 4096), log));
    Files.write(dir.resolve("sample2x.jsonl.snappy"), scat.toByteArray());
    Files.write(dir.resolve("empty.lz4"), encode(lz4));
    Files.write(dir.resolve("empty.snappy"), encode(snappy));
    System.out.println("wrote vectors to " + dir);
  }
}
