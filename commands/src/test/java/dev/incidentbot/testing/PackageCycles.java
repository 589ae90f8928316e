package dev.incidentbot.testing;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The one package-cycle rule both modules check (ArchUnit): every package under a root is a slice
 * of its own ({@code dev.incidentbot.bot.discord} is not part of {@code dev.incidentbot.bot}), and
 * no two slices may depend on each other through any chain of classes, imports or not. Only
 * production classes count: test classes, whether in a {@code test-classes} directory or in the
 * commands test-jar, are left out.
 */
public final class PackageCycles {
  private PackageCycles() {}

  /**
   * Fails, naming every cycle and the classes that make it, when packages under root have one.
   *
   * @param root the package whose subpackages are checked against each other
   * @param mustInclude classes of each module expected, so a classpath that silently missed a
   *     module cannot pass
   */
  public static void assertNone(String root, Class<?>... mustInclude) {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages(root);
    // an import that missed a module would pass every rule: make sure its classes were read
    for (Class<?> expected : mustInclude) {
      assertThat(classes.contain(expected)).as("imported " + expected.getName()).isTrue();
    }
    slices().matching(root + ".(**)").namingSlices("$1").should().beFreeOfCycles().check(classes);
  }
}
