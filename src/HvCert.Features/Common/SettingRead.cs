using System.Globalization;
using HvCert.Hosts;

namespace HvCert.Features.Common;

/// <summary>
/// Host steps that read values the backend configured on the VM (IVm.Settings: <c>disk.wwn</c>, <c>mmio.low_gap_mb</c>,
/// <c>memory.mb</c>, …) into the evidence, so judges compare the guest with what the host really set and later guest
/// commands can use them as placeholders. A missing setting means the host did not configure it: recorded as not offered.
/// </summary>
internal static class SettingRead
{
    /// <param name="settings">Setting name → observation name (observations are lower_snake so commands can use them). A setting
    /// may list alternatives separated by '|' where the backends spell it differently (QEMU <c>disk.data_bytes</c>, Hyper-V <c>disk.data.bytes</c>).</param>
    public static HostRead Of(int step, string action, string purpose, params (string Setting, string Observation)[] settings) =>
        new(step, action, purpose, (vm, _) =>
        {
            var found = new List<(string, string)>();
            foreach (var (setting, observation) in settings)
            {
                var value = setting.Split('|').Select(name => vm.Settings.TryGetValue(name, out var v) ? v : null).FirstOrDefault(v => !string.IsNullOrEmpty(v));
                if (value is null)
                {
                    var why = $"the host configured no {setting.Replace("|", " or ", StringComparison.Ordinal)} on this VM";
                    return HostActionResult.Failure(action, why, (HostStep.NotOfferedKey, why));
                }

                found.Add((observation, value));
            }

            return HostActionResult.Success(action, found.ToArray());
        });

    public static long? Long(this HvCert.Evidence.HostActionDone action, string key) =>
        action.Observation(key) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
}
