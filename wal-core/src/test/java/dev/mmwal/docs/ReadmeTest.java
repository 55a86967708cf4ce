package dev.mmwal.docs;

import dev.mmwal.Wal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Use it" section works as printed: its Java example, taken from README.md verbatim,
 * compiles (javac {@code -Xlint:all -Werror}) against wal-core and runs in a child JVM with exactly
 * the flags the README gives, once on the class path and once with wal-core on the module path,
 * printing what the README says and no JDK warning.
 */
class ReadmeTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public (?:final )?class (\\w+)");
    /** The README's launch lines: {@code java FLAGS... -cp ... Example DIR   # class path}. */
    private static final Pattern LAUNCH = Pattern.compile("^java (.*?) (?:-cp|-p) .*# (class path|module path)$", Pattern.MULTILINE);

    @TempDir
    static Path tmp;

    private static String section;
    private static String className;
    private static Path classes;

    @BeforeAll
    static void compileTheReadmeExample() throws IOException {
        final String readme = Files.readString(FormatDocTest.docsDir().getParent().resolve("README.md"));
        final int start = readme.indexOf("## Use it");
        assertTrue(start >= 0, "README.md has no \"## Use it\" section");
        final int end = readme.indexOf("\n## ", start + 1);
        section = readme.substring(start, end < 0 ? readme.length() : end);
        final Matcher block = JAVA_BLOCK.matcher(section);
        assertTrue(block.find(), "the Use it section has no ```java block");
        final String source = block.group(1);
        final Matcher name = CLASS_NAME.matcher(source);
        assertTrue(name.find(), "the README example declares no public class");
        className = name.group(1);
        final Path sourceFile = tmp.resolve("src").resolve(className + ".java");
        Files.createDirectories(sourceFile.getParent());
        Files.writeString(sourceFile, source);
        classes = Files.createDirectories(tmp.resolve("classes"));
        compile(sourceFile);
    }

    private static void compile(final Path sourceFile) throws IOException {
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            final List<String> options = List.of("-Xlint:all", "-Werror", "-d", classes.toString(),
                "-classpath", String.join(File.pathSeparator, location(Wal.class), location(org.agrona.DirectBuffer.class)));
            final boolean ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(sourceFile)).call();
            final String messages = diagnostics.getDiagnostics().stream().map(d -> d.getKind() + " line " + d.getLineNumber() + ": "
                + d.getMessage(null)).reduce("", (a, b) -> a + "\n" + b);
            assertTrue(ok && diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR),
                "the README example does not compile as printed:" + messages);
        }
    }

    @Test
    void shouldRunTheReadmeExampleOnTheClassPathWithTheReadmeFlags() throws Exception {
        final String classPath = String.join(File.pathSeparator, classes.toString(), location(Wal.class), location(org.agrona.DirectBuffer.class));
        run(flags("class path"), List.of("-cp", classPath), "class-path");
    }

    @Test
    void shouldRunTheReadmeExampleWithWalCoreOnTheModulePathWithTheReadmeFlags() throws Exception {
        final String modulePath = String.join(File.pathSeparator, location(Wal.class), location(org.agrona.DirectBuffer.class));
        run(flags("module path"), List.of("-p", modulePath, "--add-modules", "dev.mmwal.core", "-cp", classes.toString()), "module-path");
    }

    /** The flags the README's launch line for {@code path} gives, between {@code java} and the path option. */
    private static List<String> flags(final String path) {
        final Matcher launch = LAUNCH.matcher(section);
        while (launch.find()) {
            if (launch.group(2).equals(path)) {
                return Arrays.asList(launch.group(1).strip().split("\\s+"));
            }
        }
        throw new AssertionError("the Use it section has no launch line ending in '# " + path + "'");
    }

    private static void run(final List<String> flags, final List<String> paths, final String label) throws Exception {
        final Path dir = tmp.resolve(label + "-log");
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.addAll(flags);
        command.addAll(paths);
        command.add(className);
        command.add(dir.toString());
        final Process process = new ProcessBuilder(command).redirectError(tmp.resolve(label + ".err").toFile()).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the example did not finish");
        final String err = Files.readString(tmp.resolve(label + ".err"));
        assertEquals(0, process.exitValue(), () -> command + "\nstdout:\n" + out + "stderr:\n" + err);
        assertEquals("128 hello\n184 world\n", out, () -> "README example output, stderr:\n" + err);
        assertTrue(section.contains("128 hello") && section.contains("184 world"), "the README shows what the example prints");
        assertFalse(err.contains("WARNING"), () -> "the README's flags leave a JDK warning on the " + label + ":\n" + err);
    }

    private static String location(final Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (final URISyntaxException ex) {
            throw new IllegalStateException("no file location: class=" + type.getName(), ex);
        }
    }
}
