# Kiln's callback plugin (AnsibleChanges.cs): which tasks changed the instance, for the image's inventory.
#
# Loaded from ANSIBLE_CALLBACK_PLUGINS without being enabled (CALLBACK_NEEDS_ENABLED = False), beside whatever stdout
# callback the user chose. It appends one JSON line per changed task (its play's name and its own, as Ansible shows
# them) and one per PLAY RECAP (the count of changed tasks) to the file named by KILN_CHANGES_FILE. It never writes
# anything of a task's result: no values, no items, no diffs.
import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
    name: kiln_changes
    type: aggregate
    short_description: the names of the tasks that changed something, for Kiln's inventory
    description: Appends the changed tasks' names and the recap's changed count to the file KILN_CHANGES_FILE names.
'''


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'kiln_changes'
    CALLBACK_NEEDS_ENABLED = False

    def __init__(self):
        super(CallbackModule, self).__init__()
        self._path = os.environ.get('KILN_CHANGES_FILE')
        self._play = ''

    def _write(self, record):
        if self._path:
            with open(self._path, 'a') as f:
                f.write(json.dumps(record) + '\n')

    def v2_playbook_on_play_start(self, play):
        self._play = play.get_name().strip()

    def v2_runner_on_ok(self, result):
        if result._result.get('changed', False):
            self._write({'play': self._play, 'task': result._task.get_name().strip()})

    def v2_playbook_on_stats(self, stats):
        self._write({'recap': sum(stats.summarize(host)['changed'] for host in stats.processed)})
